package dev.switchboard.governance.limits;

import java.time.Instant;

/**
 * Why a reservation was refused: the budget that would be exceeded and its state. Immutable.
 *
 * @param check the refusing budget (scope, period, limit)
 * @param spentMicros settled spend in the current window
 * @param reservedMicros open reservations in the current window
 * @param resetAt when the window ends: next 00:00 UTC, or the 1st of next month
 */
public record BudgetRefusal(BudgetCheck check, long spentMicros, long reservedMicros,
    Instant resetAt) {
}
