package dev.switchboard.config;

/**
 * Prices of one model in US dollars per million tokens, per token class. Immutable.
 *
 * @param input {@code input}: prompt tokens not served from the provider's cache
 * @param output {@code output}: completion tokens (reasoning tokens included unless priced apart)
 * @param cachedInput {@code cached_input}: prompt tokens read from the provider's cache (defaults
 *     to {@code input} when not given)
 * @param reasoning {@code reasoning}: reasoning tokens (defaults to {@code output} when not given)
 */
public record Pricing(double input, double output, double cachedInput, double reasoning) {

  /** Prices with cached input at the input price and reasoning at the output price. */
  public static Pricing of(double input, double output) {
    return new Pricing(input, output, input, output);
  }
}
