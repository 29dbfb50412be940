package dev.switchboard.routing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between two attempts on the same deployments: exponential backoff with full jitter (a
 * uniformly random wait between zero and {@code min(max, initial·2^n)}), so that many clients
 * retrying after one outage spread out instead of arriving together; and a provider's
 * {@code Retry-After}, honoured up to a cap. Immutable; thread-safe.
 *
 * @param initialMs base wait of the first retry
 * @param maxMs cap of one wait
 * @param retryAfterCapMs longest {@code Retry-After} that is waited for
 */
public record Backoff(long initialMs, long maxMs, long retryAfterCapMs) {

  /** The wait before retry number {@code retry} (1 = the first retry). */
  public long jitteredMs(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long ceiling = Math.min(maxMs, initialMs << shift);
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  /**
   * A provider's {@code Retry-After} (seconds, possibly fractional) in milliseconds; -1 when absent,
   * unreadable or longer than the cap (then waiting is pointless and the next deployment is better).
   * HTTP dates are not honoured: providers send seconds.
   */
  public long retryAfterMs(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      long ms = (long) (Double.parseDouble(header.trim()) * 1000);
      return ms < 0 || ms > retryAfterCapMs ? -1 : ms;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
