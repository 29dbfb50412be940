package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the upstream simulator answers: delays, length of the generated text and injected failures.
 *
 * <p>Immutable and validated on construction, so one instance can be shared by every event loop; the
 * server swaps the current default atomically and each request may override fields through
 * {@code x-mock-*} headers. Serialises to snake_case JSON ({@code latency_ms}, {@code ttft_ms},
 * {@code chunk_interval_ms}, {@code tokens}, {@code status}, {@code fail_rate},
 * {@code retry_after_seconds}, {@code hang}, {@code drop_after_chunks}).
 *
 * @param latencyMs delay before a JSON answer, or before a stream's response headers
 * @param ttftMs delay between a stream's headers and its first chunk
 * @param chunkIntervalMs delay between consecutive stream chunks
 * @param tokens number of completion tokens (words) to generate
 * @param status HTTP status to answer with; anything but 200 yields the provider's error envelope
 *     (OpenAI's, or Anthropic's on {@code /v1/messages}, where a streamed request that also sets
 *     {@code drop_after_chunks} gets the failure as an {@code error} event mid-stream instead)
 * @param failRate fraction (0..1) of requests that fail with a 500 server error
 * @param retryAfterSeconds value of the {@code Retry-After} header on 429 and 503 answers
 * @param hang when true the request is never answered
 * @param dropAfterChunks close the connection after this many stream chunks (JSON: without
 *     answering); -1 means never
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MockBehavior(
    long latencyMs,
    long ttftMs,
    long chunkIntervalMs,
    int tokens,
    int status,
    double failRate,
    long retryAfterSeconds,
    boolean hang,
    int dropAfterChunks) {

  private static final MockBehavior DEFAULTS = new MockBehavior(0, 0, 0, 16, 200, 0, 1, false, -1);

  /** Rejects values that would make the simulator misbehave instead of simulating misbehaviour. */
  public MockBehavior {
    requireNonNegative("latency_ms", latencyMs);
    requireNonNegative("ttft_ms", ttftMs);
    requireNonNegative("chunk_interval_ms", chunkIntervalMs);
    requireNonNegative("tokens", tokens);
    requireNonNegative("retry_after_seconds", retryAfterSeconds);
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status (200-599), got " + status);
    }
    if (!(failRate >= 0 && failRate <= 1)) {
      throw new IllegalArgumentException("fail_rate must be between 0 and 1, got " + failRate);
    }
    if (dropAfterChunks < -1) {
      throw new IllegalArgumentException(
          "drop_after_chunks must be -1 (never) or >= 0, got " + dropAfterChunks);
    }
  }

  /** Answers immediately with 16 tokens, status 200, no failures. */
  public static MockBehavior defaults() {
    return DEFAULTS;
  }

  /**
   * Applies a partial JSON update: fields present in {@code patch} replace the current values,
   * absent fields keep them.
   *
   * @throws IllegalArgumentException when the patch is not an object, has unknown fields, wrong
   *     types or out-of-range values
   */
  public MockBehavior merge(JsonNode patch, ObjectMapper mapper) {
    if (patch == null || !patch.isObject()) {
      throw new IllegalArgumentException("behaviour must be a JSON object");
    }
    ObjectNode merged = mapper.valueToTree(this);
    patch.fields().forEachRemaining(e -> {
      if (!merged.has(e.getKey())) {
        throw new IllegalArgumentException("unknown behaviour field '" + e.getKey() + "'");
      }
      merged.set(e.getKey(), e.getValue());
    });
    try {
      return mapper.treeToValue(merged, MockBehavior.class);
    } catch (Exception e) {
      // Jackson wraps the compact constructor's message; surface the root cause to the caller.
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalArgumentException(root.getMessage(), e);
    }
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }
}
