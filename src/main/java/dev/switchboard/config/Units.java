package dev.switchboard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human-friendly durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}) and
 * sizes ({@code 512kb}, {@code 10mb}, {@code 1gb}) used in the configuration file. Units are
 * case-insensitive; a bare number means seconds for durations and bytes for sizes. Stateless and
 * thread-safe.
 */
public final class Units {
  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");

  /** What {@link #parseDuration} accepts, for error messages. */
  public static final String DURATION_FORMS =
      "a duration such as 500ms, 30s, 5m or 1h (a plain number means seconds)";

  /** What {@link #parseSize} accepts, for error messages. */
  public static final String SIZE_FORMS =
      "a size such as 512kb, 10mb or 1gb (a plain number means bytes)";

  private Units() {}

  /** The duration {@code text} denotes, or empty if it is not one (or overflows). */
  public static Optional<Duration> parseDuration(String text) {
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms":
          return Optional.of(Duration.ofMillis(n));
        case "":
        case "s":
          return Optional.of(Duration.ofSeconds(n));
        case "m":
          return Optional.of(Duration.ofMinutes(n));
        case "h":
          return Optional.of(Duration.ofHours(n));
        default:
          return Optional.empty();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The number of bytes {@code text} denotes, or empty if it is not a size (or overflows). Units are
   * binary ({@code 1kb} = 1024 bytes) because body limits are about memory, not disk marketing.
   */
  public static OptionalLong parseSize(String text) {
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long multiplier;
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "":
      case "b":
        multiplier = 1;
        break;
      case "kb":
      case "kib":
        multiplier = 1L << 10;
        break;
      case "mb":
      case "mib":
        multiplier = 1L << 20;
        break;
      case "gb":
      case "gib":
        multiplier = 1L << 30;
        break;
      default:
        return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), multiplier));
    } catch (ArithmeticException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
