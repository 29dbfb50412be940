package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@code POST /v1/messages} with an Anthropic {@code message} object or, for
 * {@code stream: true}, the Messages API's named server-sent events ({@link AnthropicStream}); and
 * {@code POST /v1/messages/count_tokens} with {@code {"input_tokens": n}}. Prompt caching is
 * simulated by the shared {@link PromptCache}: looked up only when the answer is actually sent.
 *
 * <p>Stateless; each call works on its own request and runs on that request's event loop.
 */
final class AnthropicResponder {

  private AnthropicResponder() {}

  /** Fields every rendering of one answer shares. */
  record Header(String id, String model, String toolUseId, List<String> alsoCalledIds) {}

  /** Validates the body and prepares the answer; throws {@link MockApiException} when invalid. */
  static Reply prepare(JsonNode body, MockBehavior behavior, PromptCache cache) {
    AnthropicRequest request = AnthropicRequest.parse(body);
    AnthropicRequest.Generation gen = request.generate(behavior.tokens());
    List<String> alsoIds = new ArrayList<>();
    request.alsoCalled().forEach(t -> alsoIds.add(MockHttp.id("toolu_", 24)));
    Header header = new Header(MockHttp.id("msg_", 24), request.model(),
        gen.toolName() == null ? null : MockHttp.id("toolu_", 24), List.copyOf(alsoIds));
    // Looked up when the answer goes out, so that an injected failure caches nothing.
    if (request.stream()) {
      return Reply.stream(request.model(), () -> new AnthropicStream(request, gen, header,
          cache.use(request.cachePrefixes(), request.inputTokens()))).anthropic();
    }
    return Reply.json(request.model(), () -> render(request, gen, header,
        cache.use(request.cachePrefixes(), request.inputTokens()))).anthropic();
  }

  static Reply countTokens(JsonNode body) {
    int tokens = AnthropicRequest.countTokens(body);
    String model = body.path("model").asText();
    return Reply.json(model, () -> MockJson.write(g -> {
      g.writeStartObject();
      g.writeNumberField("input_tokens", tokens);
      g.writeEndObject();
    })).anthropic();
  }

  private static Buffer render(AnthropicRequest request, AnthropicRequest.Generation gen,
      Header header, PromptCache.Use cached) {
    return MockJson.write(g -> {
      g.writeStartObject();
      writeStart(g, header);
      g.writeArrayFieldStart("content");
      AnthropicThinking.writeBlocks(g, request);
      if (gen.toolName() == null) {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", gen.joined());
        g.writeEndObject();
      } else {
        g.writeStartObject();
        g.writeStringField("type", "tool_use");
        g.writeStringField("id", header.toolUseId());
        g.writeStringField("name", gen.toolName());
        g.writeFieldName("input");
        g.writeRawValue(gen.joined());
        g.writeEndObject();
        for (int i = 0; i < request.alsoCalled().size(); i++) {
          AnthropicRequest.Tool t = request.alsoCalled().get(i);
          g.writeStartObject();
          g.writeStringField("type", "tool_use");
          g.writeStringField("id", header.alsoCalledIds().get(i));
          g.writeStringField("name", t.name());
          g.writeFieldName("input");
          g.writeRawValue(String.join("", AnthropicRequest.inputPieces(t)));
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeStringField("stop_reason", gen.stopReason());
      writeNullable(g, "stop_sequence", gen.stopSequence());
      writeUsage(g, request, cached,
          gen.pieces().size() + AnthropicThinking.outputTokens(request)
              + request.alsoCalledTokens());
      g.writeEndObject();
    });
  }

  /** The fields a message opens with, in the JSON answer and in {@code message_start}. */
  static void writeStart(JsonGenerator g, Header header) throws IOException {
    g.writeStringField("id", header.id());
    g.writeStringField("type", "message");
    g.writeStringField("role", "assistant");
    g.writeStringField("model", header.model());
  }

  /**
   * Usage as the API reports it: the prompt tokens read from and written to the cache
   * ({@code cached}) counted apart from {@code input_tokens}, the writes also by TTL in
   * {@code cache_creation}.
   */
  static void writeUsage(JsonGenerator g, AnthropicRequest request, PromptCache.Use cached,
      int output) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input_tokens", cached.uncached(request.inputTokens()));
    g.writeNumberField("cache_creation_input_tokens", cached.written());
    g.writeNumberField("cache_read_input_tokens", cached.read());
    g.writeObjectFieldStart("cache_creation");
    g.writeNumberField("ephemeral_5m_input_tokens", cached.oneHour() ? 0 : cached.written());
    g.writeNumberField("ephemeral_1h_input_tokens", cached.oneHour() ? cached.written() : 0);
    g.writeEndObject();
    g.writeNumberField("output_tokens", output);
    g.writeStringField("service_tier", "standard");
    g.writeEndObject();
  }

  static void writeNullable(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }
}
