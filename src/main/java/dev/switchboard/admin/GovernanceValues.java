package dev.switchboard.admin;

import dev.switchboard.pipeline.GatewayException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Conversions between the admin API's units and the store's: US dollars (decimal numbers) and
 * micro-dollars, ISO-8601 or epoch-second times and epoch milliseconds.
 *
 * <p>Threading: stateless.
 */
final class GovernanceValues {
  private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000L);
  /** 9999-12-31T23:59:59Z: anything larger was almost certainly sent in milliseconds. */
  private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

  private GovernanceValues() {}

  /** Dollars as a plain decimal (never exponent notation, at most six decimals). */
  static BigDecimal usd(long micros) {
    BigDecimal d = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    // A negative scale would print as 1E+1; a scale of 0..6 always prints plainly.
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** Nullable {@link #usd(long)}. */
  static BigDecimal usd(Long micros) {
    return micros == null ? null : usd(micros.longValue());
  }

  /**
   * Dollars to micro-dollars, exactly.
   *
   * @throws GatewayException 400 naming {@code param} when the amount has more than six decimals
   *     or does not fit
   */
  static long micros(String param, BigDecimal usd) {
    try {
      return usd.multiply(MICROS_PER_USD).stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw GatewayException.invalid(param, "'" + param + "' must be a dollar amount with at most"
          + " six decimal places (micro-dollars), e.g. 12.5.");
    }
  }

  /** An ISO-8601 UTC time, or null for 0 (never). */
  static String isoOrNull(long millis) {
    return millis == 0 ? null : iso(millis);
  }

  /** An ISO-8601 UTC time. */
  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /**
   * Epoch milliseconds of a time given as epoch seconds, an ISO-8601 instant
   * ({@code 2026-03-01T12:00:00Z}, with or without an offset) or a date ({@code 2026-03-01},
   * midnight UTC).
   *
   * @throws GatewayException 400 naming {@code param} otherwise
   */
  static long parseTime(String param, String text) {
    String t = text.strip();
    if (t.matches("-?\\d{1,19}")) {
      return seconds(param, parseLong(param, t));
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      throw badTime(param);
    }
  }

  /** Epoch seconds to milliseconds, refusing negative and absurd values. */
  static long seconds(String param, long seconds) {
    if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
      throw GatewayException.invalid(param, "'" + param + "' is out of range: give epoch"
          + " seconds (not milliseconds) or an ISO-8601 time such as 2026-03-01T12:00:00Z.");
    }
    return seconds * 1000L;
  }

  private static long parseLong(String param, String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw badTime(param);
    }
  }

  static GatewayException badTime(String param) {
    return GatewayException.invalid(param, "'" + param + "' must be epoch seconds or an ISO-8601"
        + " time such as 2026-03-01T12:00:00Z (or a date, 2026-03-01).");
  }
}
