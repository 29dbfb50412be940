package dev.switchboard.config;

/**
 * Prices of one model in US dollars per million tokens, per token class. Immutable.
 *
 * @param input {@code input}: prompt tokens neither read from nor written to the provider's cache
 * @param output {@code output}: completion tokens (reasoning tokens included unless priced apart)
 * @param cachedInput {@code cached_input}: prompt tokens read from the provider's cache (defaults
 *     to {@code input} when not given)
 * @param cacheWriteInput {@code cache_write_input}: prompt tokens written to the provider's cache,
 *     e.g. 1.25 x input for Anthropic's 5-minute cache (defaults to {@code input} when not given)
 * @param cacheWriteLongInput {@code cache_write_1h_input}: prompt tokens written to the provider's
 *     cache for Anthropic's 1-hour TTL, 2 x input there (defaults to {@code cache_write_input})
 * @param reasoning {@code reasoning}: reasoning tokens (defaults to {@code output} when not given)
 */
public record Pricing(double input, double output, double cachedInput, double cacheWriteInput,
    double cacheWriteLongInput, double reasoning) {

  /** Prices with cache reads and writes at the input price and reasoning at the output price. */
  public static Pricing of(double input, double output) {
    return new Pricing(input, output, input, input, input, output);
  }
}
