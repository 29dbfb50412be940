package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
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
      out.add(Json.buffer(OpenAiShapes.choiceChunk(header(done), index,
          delta(choice.path("message")), null)));
      out.add(Json.buffer(OpenAiShapes.choiceChunk(header(done), index,
          Json.MAPPER.createObjectNode(), choice.path("finish_reason").asText(null))));
    }
    if (includeUsage && done.hasNonNull("usage")) {
      ObjectNode usage = header(done);
      usage.putArray("choices");
      // the stored usage as the provider reported it, details and all
      usage.set("usage", done.get("usage"));
      out.add(Json.buffer(usage));
    }
    return out;
  }

  private static ObjectNode header(JsonNode done) {
    ObjectNode c = OpenAiShapes.header(done.path("id").asText(""), OpenAiShapes.CHUNK,
        done.path("model").asText(""), done.path("created").asLong(0));
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

}
