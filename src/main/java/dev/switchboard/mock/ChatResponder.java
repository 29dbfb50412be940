package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Answers {@code POST /v1/chat/completions} with a {@code chat.completion} object or, for
 * {@code stream: true}, a stream of {@code chat.completion.chunk} events.
 *
 * <p>Stateless; each call works on its own request and runs on that request's event loop.
 */
final class ChatResponder {

  private ChatResponder() {}

  /** Validates the body and prepares the answer; throws {@link MockApiException} when invalid. */
  static Reply prepare(JsonNode body, String deployment, MockBehavior behavior) {
    ChatRequest request = ChatRequest.parse(body, deployment);
    ContextWindows.check(request.model(), body);
    ChatRequest.Generation generation = request.generate(behavior.tokens());
    Header header = new Header(MockHttp.id("chatcmpl-", 29), MockHttp.nowSeconds(), request.model());
    String[] callIds = toolCallIds(request.n(), generation);
    if (request.stream()) {
      return Reply.stream(
          request.model(), () -> new ChatStream(request, generation, header, callIds));
    }
    return Reply.json(request.model(), () -> render(request, generation, header, callIds));
  }

  /** Fields every object and chunk of one answer share. */
  record Header(String id, long created, String model) {}

  private static String[] toolCallIds(int n, ChatRequest.Generation generation) {
    if (generation.toolName() == null) {
      return null;
    }
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = MockHttp.id("call_", 24);
    }
    return ids;
  }

  private static Buffer render(
      ChatRequest request, ChatRequest.Generation gen, Header header, String[] callIds) {
    String content = gen.joined();
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("id", header.id());
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", header.created());
      g.writeStringField("model", header.model());
      g.writeArrayFieldStart("choices");
      for (int i = 0; i < request.n(); i++) {
        g.writeStartObject();
        g.writeNumberField("index", i);
        writeMessage(g, content, gen.toolName(), callIds == null ? null : callIds[i]);
        g.writeNullField("logprobs");
        g.writeStringField("finish_reason", gen.finishReason());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeUsage(g, request.promptTokens(), gen.pieces().size() * request.n());
      g.writeStringField("service_tier", "default");
      g.writeStringField("system_fingerprint", MockHttp.SYSTEM_FINGERPRINT);
      g.writeEndObject();
    });
  }

  /** The assistant message: text content, or a single tool call with null content. */
  private static void writeMessage(JsonGenerator g, String content, String toolName, String callId)
      throws IOException {
    g.writeObjectFieldStart("message");
    g.writeStringField("role", "assistant");
    if (callId == null) {
      g.writeStringField("content", content);
    } else {
      g.writeNullField("content");
      g.writeArrayFieldStart("tool_calls");
      g.writeStartObject();
      g.writeStringField("id", callId);
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", toolName);
      g.writeStringField("arguments", content);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeNullField("refusal");
    g.writeArrayFieldStart("annotations");
    g.writeEndArray();
    g.writeEndObject();
  }

  /** The chat {@code usage} object, with the detail objects current OpenAI models report. */
  static void writeUsage(JsonGenerator g, int prompt, int completion) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", prompt);
    g.writeNumberField("completion_tokens", completion);
    g.writeNumberField("total_tokens", (long) prompt + completion);
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", 0);
    g.writeNumberField("audio_tokens", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", 0);
    g.writeNumberField("audio_tokens", 0);
    g.writeNumberField("accepted_prediction_tokens", 0);
    g.writeNumberField("rejected_prediction_tokens", 0);
    g.writeEndObject();
    g.writeEndObject();
  }
}
