package dev.switchboard.store;

import java.util.List;

/**
 * Prepaid credit balances per user. Usage charges arrive through {@link LedgerWriter}; grants
 * and manual adjustments come through here. A balance may drop below zero (usage is charged after
 * the fact).
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface CreditStore {
  /** The user's balance in micro-dollars (0 when never credited); NOT_FOUND if not visible. */
  long balance(TenantScope scope, String userId);

  /**
   * Adds {@code amountMicros} (negative to deduct) and records why; returns the new balance.
   * NOT_FOUND when the user is not visible.
   */
  long adjust(TenantScope scope, String userId, long amountMicros, String reason);

  /** The user's most recent movements, newest first, at most {@code limit}. */
  List<CreditTransaction> transactions(TenantScope scope, String userId, int limit);
}
