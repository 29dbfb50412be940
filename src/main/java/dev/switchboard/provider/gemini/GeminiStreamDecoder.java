package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import dev.switchboard.provider.SseParser;
import dev.switchboard.provider.StreamDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes a Gemini {@code streamGenerateContent?alt=sse} stream, whose every {@code data:} event
 * is a partial {@code GenerateContentResponse}, into OpenAI {@code chat.completion.chunk} objects
 * (one buffer per chunk, without SSE framing): a role chunk when a candidate first appears, text
 * and thought deltas, each {@code functionCall} as one whole tool-call delta (Gemini does not split
 * them), the finish chunk when a candidate reports its finishReason and, when the client asked,
 * a usage chunk once the upstream ends. Gemini has no end-of-stream event, so {@link #done()}
 * turns true only in {@link #finish}.
 *
 * <p>Threading: one instance per stream, confined to its event loop.
 */
final class GeminiStreamDecoder implements StreamDecoder {
  /** What one candidate (OpenAI choice) has sent so far. */
  private static final class Candidate {
    int toolCalls;
    boolean finished;
  }

  private final boolean clientWantsUsage;
  private final long created;
  private final SseParser parser = new SseParser();
  private final Handler<SseParser.Event> onEvent = this::onEvent;
  private final Map<Integer, Candidate> candidates = new HashMap<>();
  private Handler<Buffer> out;
  private JsonNode first;
  private Usage usage = Usage.UNKNOWN;
  private boolean done;

  GeminiStreamDecoder(boolean clientWantsUsage, long createdEpochSeconds) {
    this.clientWantsUsage = clientWantsUsage;
    this.created = createdEpochSeconds;
  }

  @Override
  public void feed(Buffer bytes, Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    parser.feed(bytes, onEvent);
  }

  private void onEvent(SseParser.Event event) {
    JsonNode res = parse(event.data());
    JsonNode err = res.get("error");
    if (err != null && err.isObject()) {
      throw GeminiErrors.streamError(err, event.data());
    }
    if (first == null) {
      // The id and model version of the first event name the whole answer.
      first = res;
    }
    if (res.has("usageMetadata")) {
      usage = GeminiResponseDecoder.usage(res.get("usageMetadata"));
    }
    JsonNode cands = res.path("candidates");
    if (!cands.isArray() || cands.isEmpty()) {
      if (!res.path("promptFeedback").path("blockReason").asText("").isEmpty()) {
        throw GeminiResponseDecoder.blockedOrEmpty(res);
      }
      return; // a usage-only event
    }
    for (int i = 0; i < cands.size(); i++) {
      candidate(cands.get(i), i);
    }
  }

  private static JsonNode parse(Buffer data) {
    try {
      JsonNode node = Json.MAPPER.readTree(data.getBytes());
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
        "The provider sent a stream event that is not a JSON object.")
        .upstreamBody(Json.excerpt(data, 2000)).build();
  }

  private void candidate(JsonNode cand, int position) {
    int index = cand.path("index").asInt(position);
    Candidate state = candidates.get(index);
    if (state == null) {
      state = new Candidate();
      candidates.put(index, state);
      emit(index, Json.MAPPER.createObjectNode().put("role", "assistant").put("content", ""),
          null);
    }
    if (state.finished) {
      return;
    }
    for (JsonNode part : cand.path("content").path("parts")) {
      part(index, state, part);
    }
    String reason = cand.path("finishReason").asText("");
    if (!reason.isEmpty() && !"FINISH_REASON_UNSPECIFIED".equals(reason)) {
      state.finished = true;
      emit(index, Json.MAPPER.createObjectNode(),
          GeminiResponseDecoder.finishReason(reason, state.toolCalls > 0));
    }
  }

  private void part(int index, Candidate state, JsonNode part) {
    if (part.has("functionCall")) {
      ObjectNode delta = Json.MAPPER.createObjectNode();
      delta.putArray("tool_calls").add(
          GeminiResponseDecoder.toolCall(part, state.toolCalls++, true));
      emit(index, delta, null);
      return;
    }
    String text = part.path("text").asText("");
    if (!text.isEmpty()) {
      String field = part.path("thought").asBoolean(false) ? "reasoning_content" : "content";
      emit(index, Json.MAPPER.createObjectNode().put(field, text), null);
    }
  }

  private void emit(int index, ObjectNode delta, String finishReason) {
    OpenAiShapes.write(out, OpenAiShapes.choiceChunk(header(), index, delta, finishReason));
  }

  private ObjectNode header() {
    return GeminiResponseDecoder.header(first, OpenAiShapes.CHUNK, created);
  }

  @Override
  public void finish(Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    if (done) {
      return;
    }
    boolean complete = !candidates.isEmpty()
        && candidates.values().stream().allMatch(c -> c.finished);
    if (!complete) {
      throw GatewayException.of(ErrorKind.UPSTREAM_ERROR,
          "The provider ended the stream before it was complete (no finishReason).");
    }
    done = true;
    if (clientWantsUsage && usage.reported()) {
      OpenAiShapes.write(out, OpenAiShapes.usageChunk(header(), usage));
    }
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
