package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a stored {@code chat.completion} back into a {@link Reply}: as it is for a client that
 * asked for JSON, or as a valid {@code chat.completion.chunk} sequence for a streaming client — per
 * choice one chunk with the role and the whole message, then one with the finish reason, and a
 * final usage chunk when the client asked for it with {@code stream_options.include_usage}.
 *
 * <p>Threading: stateless.
 */
final class AnswerReplay {
  /** A hit used no upstream tokens: zero, and reported as zero rather than unknown. */
  static final Usage NO_UPSTREAM_TOKENS = new Usage(0, 0, 0, 0, true);

  private AnswerReplay() {}

  static Reply complete(CachedAnswer answer) {
    return new Reply.Complete(200, Buffer.buffer(answer.json()), NO_UPSTREAM_TOKENS);
  }

  static Reply streaming(CachedAnswer answer, boolean includeUsage) throws IOException {
    return new Reply.Streaming(new ReplayedChunkStream(chunks(answer.json(), includeUsage)),
        Future.succeededFuture(NO_UPSTREAM_TOKENS));
  }

  static List<Buffer> chunks(byte[] json, boolean includeUsage) throws IOException {
    JsonNode done = Json.MAPPER.readTree(json);
    List<Buffer> out = new ArrayList<>();
    for (JsonNode choice : done.path("choices")) {
      int index = choice.path("index").asInt(0);
      ObjectNode opening = chunk(done);
      ObjectNode c = opening.putArray("choices").addObject();
      c.put("index", index);
      c.set("delta", delta(choice.path("message")));
      c.putNull("logprobs");
      c.putNull("finish_reason");
      out.add(bytes(opening));
      ObjectNode closing = chunk(done);
      ObjectNode f = closing.putArray("choices").addObject();
      f.put("index", index);
      f.putObject("delta");
      f.putNull("logprobs");
      f.set("finish_reason", choice.path("finish_reason"));
      out.add(bytes(closing));
    }
    if (includeUsage && done.hasNonNull("usage")) {
      ObjectNode usage = chunk(done);
      usage.putArray("choices");
      usage.set("usage", done.get("usage"));
      out.add(bytes(usage));
    }
    return out;
  }

  private static ObjectNode chunk(JsonNode done) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.set("id", done.path("id"));
    c.put("object", "chat.completion.chunk");
    c.set("created", done.path("created"));
    c.set("model", done.path("model"));
    if (done.hasNonNull("system_fingerprint")) {
      c.set("system_fingerprint", done.get("system_fingerprint"));
    }
    return c;
  }

  private static ObjectNode delta(JsonNode message) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("role", message.path("role").asText("assistant"));
    d.set("content", message.path("content").isMissingNode()
        ? Json.MAPPER.nullNode() : message.get("content"));
    if (message.hasNonNull("refusal")) {
      d.set("refusal", message.get("refusal"));
    }
    JsonNode calls = message.path("tool_calls");
    if (calls.isArray() && !calls.isEmpty()) {
      ArrayNode list = d.putArray("tool_calls");
      for (int i = 0; i < calls.size(); i++) {
        ObjectNode call = list.addObject();
        call.put("index", i);
        if (calls.get(i) instanceof ObjectNode stored) {
          call.setAll(stored.deepCopy());
        }
      }
    }
    return d;
  }

  private static Buffer bytes(ObjectNode n) {
    return Buffer.buffer(n.toString());
  }
}
