package dev.switchboard.pipeline;

/**
 * Token usage of one request as the provider reported it. Immutable.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param cachedTokens input tokens served from the provider's prompt cache (part of promptTokens)
 * @param reasoningTokens output tokens spent on hidden reasoning (part of completionTokens)
 * @param reported false when the provider reported nothing (counts are then zero, not known)
 */
public record Usage(
    long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
    boolean reported) {

  /** Usage that the provider did not report. */
  public static final Usage UNKNOWN = new Usage(0, 0, 0, 0, false);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
