package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code chat.completion} a streamed answer amounts to, from its chunks as they pass:
 * per choice the role, the concatenated content (and refusal), the tool calls with their argument
 * fragments joined, and the finish reason. Only the answer's text is held, never the chunks, and
 * assembly gives up (nothing is stored) once the text passes the entry limit.
 *
 * <p>Threading: confined to the stream's event loop; one instance per stream.
 */
final class AnswerAssembler {
  private final long maxBytes;
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private JsonNode first;
  private JsonNode usage;
  private long bytes;
  private boolean abandoned;

  private static final class Choice {
    String role = "assistant";
    final StringBuilder content = new StringBuilder();
    boolean hasContent;
    StringBuilder refusal;
    final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
    final Map<Integer, StringBuilder> arguments = new TreeMap<>();
    String finishReason;
  }

  AnswerAssembler(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes in one {@code chat.completion.chunk}. */
  void add(Buffer chunk) {
    if (abandoned) {
      return;
    }
    bytes += chunk.length();
    if (bytes > maxBytes) {
      abandon();
      return;
    }
    JsonNode c;
    try {
      c = Json.MAPPER.readTree(chunk.getBytes());
    } catch (IOException e) {
      abandon();
      return;
    }
    if (first == null) {
      first = c;
    }
    if (c.hasNonNull("usage")) {
      usage = c.get("usage");
    }
    for (JsonNode ch : c.path("choices")) {
      addChoice(ch);
    }
  }

  private void addChoice(JsonNode ch) {
    Choice choice = choices.computeIfAbsent(ch.path("index").asInt(0), i -> new Choice());
    JsonNode delta = ch.path("delta");
    if (delta.hasNonNull("role")) {
      choice.role = delta.get("role").asText();
    }
    if (delta.hasNonNull("content")) {
      choice.hasContent = true;
      choice.content.append(delta.get("content").asText());
    }
    if (delta.hasNonNull("refusal")) {
      if (choice.refusal == null) {
        choice.refusal = new StringBuilder();
      }
      choice.refusal.append(delta.get("refusal").asText());
    }
    for (JsonNode call : delta.path("tool_calls")) {
      int index = call.path("index").asInt(0);
      ObjectNode stored = choice.toolCalls.computeIfAbsent(index,
          i -> Json.MAPPER.createObjectNode());
      if (call.hasNonNull("id")) {
        stored.put("id", call.get("id").asText());
      }
      if (call.hasNonNull("type")) {
        stored.put("type", call.get("type").asText());
      }
      JsonNode fn = call.path("function");
      if (fn.hasNonNull("name")) {
        stored.putObject("function").put("name", fn.get("name").asText());
      }
      if (fn.hasNonNull("arguments")) {
        choice.arguments.computeIfAbsent(index, i -> new StringBuilder())
            .append(fn.get("arguments").asText());
      }
    }
    if (ch.hasNonNull("finish_reason")) {
      choice.finishReason = ch.get("finish_reason").asText();
    }
  }

  private void abandon() {
    abandoned = true;
    choices.clear();
    first = null;
  }

  /**
   * The assembled answer, or null when it cannot be stored: assembly was abandoned, no choice was
   * seen, or a choice never finished (a cut-off stream is not an answer).
   *
   * @param finalUsage the stream's usage, used when no usage chunk passed by
   */
  byte[] result(Usage finalUsage) {
    if (abandoned || first == null || choices.isEmpty()) {
      return null;
    }
    ObjectNode out = OpenAiShapes.header(first.path("id").asText("chatcmpl-cached"),
        "chat.completion", first.path("model").asText(""), first.path("created").asLong(0));
    if (first.hasNonNull("system_fingerprint")) {
      out.set("system_fingerprint", first.get("system_fingerprint"));
    }
    ArrayNode list = out.putArray("choices");
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      if (e.getValue().finishReason == null) {
        return null;
      }
      list.add(choiceJson(e.getKey(), e.getValue()));
    }
    JsonNode u = usage != null ? usage : usageJson(finalUsage);
    if (u != null) {
      out.set("usage", u);
    }
    return Json.buffer(out).getBytes();
  }

  private static ObjectNode choiceJson(int index, Choice c) {
    ObjectNode choice = Json.MAPPER.createObjectNode();
    choice.put("index", index);
    ObjectNode message = choice.putObject("message");
    message.put("role", c.role);
    if (c.hasContent) {
      message.put("content", c.content.toString());
    } else {
      message.putNull("content");
    }
    if (c.refusal != null) {
      message.put("refusal", c.refusal.toString());
    }
    if (!c.toolCalls.isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (Map.Entry<Integer, ObjectNode> call : c.toolCalls.entrySet()) {
        ObjectNode fn = call.getValue().has("function")
            ? (ObjectNode) call.getValue().get("function")
            : call.getValue().putObject("function");
        StringBuilder args = c.arguments.get(call.getKey());
        fn.put("arguments", args == null ? "" : args.toString());
        if (!call.getValue().has("type")) {
          call.getValue().put("type", "function");
        }
        calls.add(call.getValue());
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", c.finishReason);
    return choice;
  }

  /** OpenAI's usage object for a usage the decoder learnt, or null when none was reported. */
  static ObjectNode usageJson(Usage u) {
    if (u == null || !u.reported()) {
      return null;
    }
    return OpenAiShapes.usageJson(u);
  }
}
