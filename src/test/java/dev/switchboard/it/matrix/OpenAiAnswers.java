package dev.switchboard.it.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads OpenAI chat answers — a {@code chat.completion} or a series of
 * {@code chat.completion.chunk}s — into an {@link Answer}, including the reasoning extensions the
 * gateway adds ({@code reasoning_content}, {@code thinking_blocks}).
 *
 * <p>The stream reader is single-use and not thread-safe.
 */
final class OpenAiAnswers {
  private OpenAiAnswers() {}

  /** Gemini's thought signature of a tool call, where Google's OpenAI endpoint puts it. */
  private static String signature(JsonNode call) {
    return call.at("/extra_content/google/thought_signature").asText("");
  }

  static Answer fromCompletion(JsonNode c) {
    JsonNode choice = c.path("choices").path(0);
    JsonNode m = choice.path("message");
    List<Answer.Call> calls = new ArrayList<>();
    for (JsonNode call : m.path("tool_calls")) {
      calls.add(new Answer.Call(call.path("id").asText(),
          call.path("function").path("name").asText(),
          call.path("function").path("arguments").asText(), 1, signature(call)));
    }
    List<JsonNode> thinking = new ArrayList<>();
    m.path("thinking_blocks").forEach(thinking::add);
    JsonNode u = c.path("usage");
    return new Answer(m.path("content").asText(""), m.path("reasoning_content").asText(""),
        calls, choice.path("finish_reason").asText(), u.path("prompt_tokens").asLong(),
        u.path("completion_tokens").asLong(),
        u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
        u.path("cache_creation_input_tokens").asLong(0), thinking);
  }

  /** Accumulates a stream the way a careful client does. */
  static final class StreamReader {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final TreeMap<Integer, String[]> calls = new TreeMap<>();
    private final TreeMap<Integer, Integer> fragments = new TreeMap<>();
    private final List<JsonNode> thinking = new ArrayList<>();
    private String finish = "";
    private JsonNode usage;

    void add(JsonNode chunk) {
      if (chunk.hasNonNull("usage")) {
        usage = chunk.get("usage");
      }
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode d = choice.path("delta");
        text.append(d.path("content").asText(""));
        reasoning.append(d.path("reasoning_content").asText(""));
        d.path("thinking_blocks").forEach(thinking::add);
        for (JsonNode call : d.path("tool_calls")) {
          int i = call.path("index").asInt();
          String[] c = calls.computeIfAbsent(i, k -> new String[] {"", "", "", ""});
          c[3] += signature(call);
          c[0] += call.path("id").asText("");
          c[1] += call.path("function").path("name").asText("");
          String args = call.path("function").path("arguments").asText("");
          if (!args.isEmpty()) {
            c[2] += args;
            fragments.merge(i, 1, Integer::sum);
          }
        }
        if (choice.hasNonNull("finish_reason")) {
          finish = choice.get("finish_reason").asText();
        }
      }
    }

    Answer answer() {
      List<Answer.Call> out = new ArrayList<>();
      calls.forEach((i, c) -> out.add(new Answer.Call(c[0], c[1], c[2],
          fragments.getOrDefault(i, 0), c[3])));
      JsonNode u = usage == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
          : usage;
      return new Answer(text.toString(), reasoning.toString(), out, finish,
          u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
          u.path("prompt_tokens_details").path("cached_tokens").asLong(0),
          u.path("cache_creation_input_tokens").asLong(0), thinking);
    }
  }
}
