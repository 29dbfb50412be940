package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * Answers the legacy {@code POST /v1/completions} with a {@code text_completion} object, or a
 * stream of {@code text_completion} chunks for {@code stream: true}.
 *
 * <p>Stateless; each call works on its own request on that request's event loop.
 */
final class CompletionsResponder {

  private CompletionsResponder() {}

  /** What one legacy request asked for and what it gets; shared by the JSON and stream forms. */
  private record Plan(
      String id,
      long created,
      String model,
      int choices,
      boolean includeUsage,
      int promptTokens,
      List<String> pieces,
      String finishReason) {

    int completionTokens() {
      return pieces.size() * choices;
    }
  }

  static Reply prepare(JsonNode body, String deployment, MockBehavior behavior) {
    String model = deployment != null ? deployment : JsonFields.model(body);
    JsonNode prompt = body.get("prompt");
    if (JsonFields.absent(prompt)) {
      throw MockErrors.missing("prompt");
    }
    int prompts = 1;
    long chars;
    if (prompt.isTextual()) {
      chars = prompt.textValue().length();
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      boolean tokenArray = prompt.get(0).isNumber();
      prompts = tokenArray ? 1 : prompt.size();
      chars = promptChars(prompt, tokenArray);
    } else {
      throw MockErrors.invalidType("prompt", "a string or array", JsonFields.describe(prompt));
    }
    int n = JsonFields.integer(body, "n", 1, 1, 128);
    boolean stream = JsonFields.bool(body, "stream", false);
    JsonNode streamOptions = JsonFields.object(body, "stream_options", "stream_options");
    boolean includeUsage =
        stream && streamOptions != null && JsonFields.bool(streamOptions, "include_usage", false);
    Integer maxTokens = JsonFields.integer(body, "max_tokens", null, 0, Integer.MAX_VALUE);
    JsonFields.number(body, "temperature", 0, 2);
    int wanted = behavior.tokens();
    int count = maxTokens == null ? wanted : Math.min(wanted, maxTokens);
    Plan plan = new Plan(MockHttp.id("cmpl-", 29), MockHttp.nowSeconds(), model, prompts * n,
        includeUsage, CompletionText.estimateTokens(chars), CompletionText.tokens(count),
        count < wanted ? "length" : "stop");
    return stream
        ? Reply.stream(model, () -> new Stream(plan))
        : Reply.json(model, () -> render(plan));
  }

  /** Characters of string prompts; a token-array prompt counts four "characters" per token. */
  private static long promptChars(JsonNode prompts, boolean tokenArray) {
    if (tokenArray) {
      return 4L * prompts.size();
    }
    long chars = 0;
    for (JsonNode p : prompts) {
      chars += p.isTextual() ? p.textValue().length() : 4L * p.size();
    }
    return chars;
  }

  private static Buffer render(Plan plan) {
    String text = String.join("", plan.pieces());
    return MockJson.write(g -> {
      open(g, plan);
      g.writeArrayFieldStart("choices");
      for (int i = 0; i < plan.choices(); i++) {
        writeChoice(g, text, i, plan.finishReason());
      }
      g.writeEndArray();
      writeUsage(g, plan);
      g.writeEndObject();
    });
  }

  private static void open(JsonGenerator g, Plan plan) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", plan.id());
    g.writeStringField("object", "text_completion");
    g.writeNumberField("created", plan.created());
    g.writeStringField("model", plan.model());
    g.writeStringField("system_fingerprint", MockHttp.SYSTEM_FINGERPRINT);
  }

  private static void writeChoice(JsonGenerator g, String text, int index, String finishReason)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("text", text);
    g.writeNumberField("index", index);
    g.writeNullField("logprobs");
    if (finishReason == null) {
      g.writeNullField("finish_reason");
    } else {
      g.writeStringField("finish_reason", finishReason);
    }
    g.writeEndObject();
  }

  private static void writeUsage(JsonGenerator g, Plan plan) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", plan.promptTokens());
    g.writeNumberField("completion_tokens", plan.completionTokens());
    g.writeNumberField("total_tokens", (long) plan.promptTokens() + plan.completionTokens());
    g.writeEndObject();
  }

  /** Per choice: one chunk per token, then an empty-text chunk carrying the finish reason. */
  private static final class Stream extends ChoiceStream {
    private final Plan plan;

    Stream(Plan plan) {
      super(plan.choices(), plan.pieces().size() + 1, plan.includeUsage());
      this.plan = plan;
    }

    @Override
    Buffer choiceChunk(int phase, int index) {
      boolean last = phase == plan.pieces().size();
      return MockJson.sse(g -> {
        open(g, plan);
        g.writeArrayFieldStart("choices");
        writeChoice(g, last ? "" : plan.pieces().get(phase), index,
            last ? plan.finishReason() : null);
        g.writeEndArray();
        if (plan.includeUsage()) {
          g.writeNullField("usage");
        }
        g.writeEndObject();
      });
    }

    @Override
    Buffer usageChunk() {
      return MockJson.sse(g -> {
        open(g, plan);
        g.writeArrayFieldStart("choices");
        g.writeEndArray();
        writeUsage(g, plan);
        g.writeEndObject();
      });
    }
  }
}
