package dev.switchboard.observability;

/**
 * Writes a US-dollar amount in plain decimal notation with up to ten decimal places
 * ({@code 0.0000024}), rounded half-up. Per-request costs are tiny fractions whose shortest exact
 * {@code double} spelling takes the JDK's arbitrary-precision path, which allocated more per
 * request than the rest of the access log; this costs two long divisions. Stateless.
 */
public final class UsdAmount {
  private static final long SCALE = 10_000_000_000L;
  private static final int DIGITS = 10;

  private UsdAmount() {}

  /**
   * Appends {@code usd} to {@code b}. Amounts beyond what ten decimal places of a long can hold
   * (about $900 million) fall back to {@link Double#toString}.
   */
  public static StringBuilder append(StringBuilder b, double usd) {
    if (Double.isNaN(usd) || Double.isInfinite(usd) || Math.abs(usd) >= 9.0e8) {
      return b.append(usd);
    }
    long scaled = Math.round(Math.abs(usd) * SCALE);
    if (usd < 0 && scaled != 0) {
      b.append('-');
    }
    b.append(scaled / SCALE);
    long frac = scaled % SCALE;
    if (frac == 0) {
      return b;
    }
    b.append('.');
    int width = DIGITS;
    while (frac % 10 == 0) {
      frac /= 10;
      width--;
    }
    for (int i = digits(frac); i < width; i++) {
      b.append('0');
    }
    return b.append(frac);
  }

  private static int digits(long n) {
    int d = 1;
    while (n >= 10) {
      n /= 10;
      d++;
    }
    return d;
  }
}
