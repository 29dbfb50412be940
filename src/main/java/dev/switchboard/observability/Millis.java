package dev.switchboard.observability;

/**
 * Formats nanoseconds as milliseconds with microsecond precision ({@code 12.345}), without
 * {@code String.format}: this runs several times per request. Stateless.
 */
public final class Millis {
  private Millis() {}

  public static String format(long nanos) {
    long micros = Math.max(0, nanos) / 1_000;
    long whole = micros / 1_000;
    long frac = micros % 1_000;
    return whole + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }
}
