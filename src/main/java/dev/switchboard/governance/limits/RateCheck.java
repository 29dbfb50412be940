package dev.switchboard.governance.limits;

import java.util.Objects;

/**
 * One scope's rate limits as they apply to one request. Immutable.
 *
 * @param scope whom the limits apply to
 * @param rpm requests per minute, or 0 for no request limit
 * @param tpm tokens per minute, or 0 for no token limit
 * @param estimatedTokens the tokens the request is expected to use (prompt plus output);
 *     charged against {@code tpm} now and corrected by {@link RateLimits#correctTokens}
 */
public record RateCheck(LimitScope scope, long rpm, long tpm, long estimatedTokens) {

  public RateCheck {
    Objects.requireNonNull(scope, "scope");
    if (rpm < 0 || tpm < 0 || estimatedTokens < 0) {
      throw new IllegalArgumentException("limits and estimates cannot be negative: " + scope);
    }
  }
}
