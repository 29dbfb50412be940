package dev.switchboard.pipeline;

/**
 * Token usage of one request as the provider reported it, in OpenAI's terms: the prompt count
 * includes the tokens read from and written to the provider's prompt cache. Immutable.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param cachedTokens input tokens served from the provider's prompt cache (part of promptTokens)
 * @param cacheWriteTokens input tokens written to the provider's prompt cache, which Anthropic
 *     and Bedrock bill above the input price (part of promptTokens)
 * @param cacheWriteLongTokens of the cache writes, those kept for Anthropic's 1-hour TTL, billed
 *     higher again than the 5-minute ones (part of cacheWriteTokens)
 * @param reasoningTokens output tokens spent on hidden reasoning (part of completionTokens)
 * @param reported false when the provider reported nothing (counts are then zero, not known)
 */
public record Usage(
    long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
    long cacheWriteLongTokens, long reasoningTokens, boolean reported) {

  /** Usage that the provider did not report. */
  public static final Usage UNKNOWN = new Usage(0, 0, 0, 0, false);

  /** Usage whose cache writes, if any, are all for the default (5-minute) TTL. */
  public Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
      long reasoningTokens, boolean reported) {
    this(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, 0, reasoningTokens,
        reported);
  }

  /** Usage without cache writes: what every provider but Anthropic's and Bedrock's reports. */
  public Usage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
      boolean reported) {
    this(promptTokens, completionTokens, cachedTokens, 0, 0, reasoningTokens, reported);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
