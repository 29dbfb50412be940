package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ChunkTransformer;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks a streamed answer chunk by chunk: each choice's {@code delta.content} goes through its
 * own {@link HeldText}, and the chunk goes on carrying only the text that may be released (the
 * held tail follows in later chunks, at the latest with the choice's {@code finish_reason}). A
 * stream that ends without one gets a last chunk with the held text. A blocking rule ends the
 * stream with its error (thrown by the sink).
 *
 * <p>Not thread-safe: one instance per stream, called on its event loop.
 */
final class StreamGuard implements ChunkTransformer {
  private final List<BuiltInGuardrail> guardrails;
  private final int holdback;
  private final HeldText.Sink sink;
  private final Consumer<Long> onEnd;
  private final Map<Integer, HeldText> choices = new HashMap<>(2);
  private ObjectNode template;
  private long nanos;

  /**
   * @param sink told about every decided match; throws to end the stream
   * @param onEnd receives the time spent checking, once the stream ended normally
   */
  StreamGuard(List<BuiltInGuardrail> guardrails, int holdback, HeldText.Sink sink,
      Consumer<Long> onEnd) {
    this.guardrails = guardrails;
    this.holdback = holdback;
    this.sink = sink;
    this.onEnd = onEnd;
  }

  @Override
  public void chunk(Buffer chunk, Consumer<Buffer> out) {
    long start = System.nanoTime();
    ObjectNode json = parse(chunk);
    JsonNode list = json == null ? null : json.get("choices");
    if (list == null || !list.isArray() || list.isEmpty()) {
      nanos += System.nanoTime() - start;
      out.accept(chunk);
      return;
    }
    for (JsonNode c : list) {
      if (c.isObject()) {
        release((ObjectNode) c);
      }
    }
    template = json;
    Buffer rewritten = Json.buffer(json);
    nanos += System.nanoTime() - start;
    out.accept(rewritten);
  }

  private void release(ObjectNode choice) {
    int index = choice.path("index").asInt(0);
    JsonNode delta = choice.get("delta");
    JsonNode content = delta == null ? null : delta.get("content");
    boolean last = choice.hasNonNull("finish_reason");
    HeldText held = choices.computeIfAbsent(index, i -> new HeldText(guardrails, holdback, sink));
    if (content == null || !content.isTextual()) {
      if (last && held.holding()) {
        String rest = held.push("", true);
        ObjectNode d = delta instanceof ObjectNode o ? o : choice.putObject("delta");
        d.put("content", rest);
      }
      return;
    }
    ((ObjectNode) delta).put("content", held.push(content.asText(), last));
  }

  @Override
  public void end(Consumer<Buffer> out) {
    long start = System.nanoTime();
    if (template != null) {
      for (Map.Entry<Integer, HeldText> e : choices.entrySet()) {
        if (e.getValue().holding()) {
          out.accept(Json.buffer(tail(e.getKey(), e.getValue().push("", true))));
        }
      }
    }
    nanos += System.nanoTime() - start;
    onEnd.accept(nanos);
  }

  /** A chunk like the last one seen, carrying only {@code text} for choice {@code index}. */
  private ObjectNode tail(int index, String text) {
    ObjectNode chunk = template.deepCopy();
    chunk.remove("usage");
    ArrayNode list = chunk.putArray("choices");
    ObjectNode choice = list.addObject();
    choice.put("index", index);
    choice.putObject("delta").put("content", text);
    choice.putNull("finish_reason");
    return chunk;
  }

  private static ObjectNode parse(Buffer chunk) {
    try {
      JsonNode n = Json.MAPPER.readTree(chunk.getBytes());
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }
}
