package dev.switchboard.observability;

/**
 * Formats nanoseconds as milliseconds with microsecond precision ({@code 12.345}), without
 * {@code String.format}: this runs several times per request. Stateless.
 */
public final class Millis {
  private Millis() {}

  public static String format(long nanos) {
    return append(new StringBuilder(12), nanos).toString();
  }

  /** Appends the milliseconds to {@code b} without making a string of its own. */
  public static StringBuilder append(StringBuilder b, long nanos) {
    long micros = Math.max(0, nanos) / 1_000;
    long whole = micros / 1_000;
    long frac = micros % 1_000;
    b.append(whole).append('.');
    if (frac < 100) {
      b.append('0');
    }
    if (frac < 10) {
      b.append('0');
    }
    return b.append(frac);
  }
}
