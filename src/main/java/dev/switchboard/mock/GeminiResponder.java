package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * Answers the Gemini API: {@code models/{model}:generateContent} with one
 * {@code GenerateContentResponse}, {@code :streamGenerateContent?alt=sse} with partial responses
 * as server-sent events ({@link GeminiStream}) or, without {@code alt=sse}, as one JSON array of
 * them; and {@code GET /v1beta/models[/{model}]} with model descriptions.
 *
 * <p>Stateless; each call works on its own request and runs on that request's event loop.
 */
final class GeminiResponder {

  /** Models listed by {@code GET /v1beta/models}: name, input and output token limits. */
  private static final List<Object[]> MODELS = List.of(
      new Object[] {"gemini-2.0-flash", 1_048_576, 8_192},
      new Object[] {"gemini-2.0-flash-lite", 1_048_576, 8_192},
      new Object[] {"gemini-2.5-flash", 1_048_576, 65_536},
      new Object[] {"gemini-2.5-pro", 1_048_576, 65_536});

  private GeminiResponder() {}

  /** How the answer is sent. */
  enum Mode { JSON, SSE, JSON_ARRAY }

  /** Validates the body and prepares the answer; throws {@link MockApiException} when invalid. */
  static Reply prepare(String model, JsonNode body, Mode mode, MockBehavior behavior) {
    GeminiRequest request = GeminiRequest.parse(model, body);
    GeminiRequest.Generation gen = request.generate(behavior.tokens());
    String responseId = MockHttp.id("", 22);
    return switch (mode) {
      case SSE -> Reply.stream(model, () -> new GeminiStream(request, gen, responseId)).google();
      case JSON -> Reply.json(model, () -> MockJson.write(g -> writeResponse(g, request, gen,
          responseId, gen.joined(), true, true))).google();
      case JSON_ARRAY -> Reply.json(model, () -> array(request, gen, responseId)).google();
    };
  }

  /** The partial responses of a stream, collected into the JSON array the API sends then. */
  private static Buffer array(GeminiRequest request, GeminiRequest.Generation gen, String id) {
    return MockJson.write(g -> {
      g.writeStartArray();
      int n = Math.max(1, gen.pieces().size());
      for (int i = 0; i < n; i++) {
        String piece = gen.pieces().isEmpty() ? "" : gen.pieces().get(i);
        writeResponse(g, request, gen, id, piece, i == 0, i == n - 1);
      }
      g.writeEndArray();
    });
  }

  /**
   * One {@code GenerateContentResponse} whose single part carries {@code piece} (text, or the
   * function call when the generation calls one). Only the {@code last} one of a stream carries
   * {@code finishReason} and {@code usageMetadata}; the {@code first} one opens with the thought
   * summary ({@code thought: true}) when the request asked for thoughts.
   */
  static void writeResponse(JsonGenerator g, GeminiRequest request, GeminiRequest.Generation gen,
      String responseId, String piece, boolean first, boolean last) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("candidates");
    g.writeStartObject();
    g.writeObjectFieldStart("content");
    g.writeArrayFieldStart("parts");
    if (first && request.includeThoughts()) {
      g.writeStartObject();
      g.writeStringField("text", GeminiRequest.THOUGHT);
      g.writeBooleanField("thought", true);
      g.writeEndObject();
    }
    g.writeStartObject();
    if (gen.functionName() == null) {
      g.writeStringField("text", piece);
    } else {
      g.writeObjectFieldStart("functionCall");
      g.writeStringField("name", gen.functionName());
      g.writeFieldName("args");
      g.writeRawValue(piece);
      g.writeEndObject();
      if (request.includeThoughts()) {
        g.writeStringField("thoughtSignature", GeminiRequest.thoughtSignature(gen.functionName()));
      }
    }
    g.writeEndObject();
    g.writeEndArray();
    g.writeStringField("role", "model");
    g.writeEndObject();
    if (last) {
      g.writeStringField("finishReason", gen.finishReason());
    }
    g.writeNumberField("index", 0);
    g.writeEndObject();
    g.writeEndArray();
    if (last) {
      g.writeObjectFieldStart("usageMetadata");
      g.writeNumberField("promptTokenCount", request.promptTokens());
      g.writeNumberField("candidatesTokenCount", gen.tokens());
      if (request.includeThoughts()) {
        g.writeNumberField("thoughtsTokenCount", request.thoughtTokens());
      }
      g.writeNumberField("totalTokenCount",
          request.promptTokens() + gen.tokens() + request.thoughtTokens());
      g.writeEndObject();
    }
    g.writeStringField("modelVersion", request.model());
    g.writeStringField("responseId", responseId);
    g.writeEndObject();
  }

  /** {@code GET /v1beta/models}: the catalogue health probes and SDKs list. */
  static Reply listModels() {
    return Reply.json(null, () -> MockJson.write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("models");
      for (Object[] m : MODELS) {
        writeModel(g, (String) m[0], (Integer) m[1], (Integer) m[2]);
      }
      g.writeEndArray();
      g.writeEndObject();
    })).google();
  }

  /** {@code GET /v1beta/models/{model}}: any model the simulator is asked about exists. */
  static Reply getModel(String model) {
    for (Object[] m : MODELS) {
      if (m[0].equals(model)) {
        return Reply.json(model, () -> MockJson.write(
            g -> writeModel(g, model, (Integer) m[1], (Integer) m[2]))).google();
      }
    }
    return Reply.json(model, () -> MockJson.write(g -> writeModel(g, model, 1_048_576, 8_192)))
        .google();
  }

  private static void writeModel(JsonGenerator g, String id, int input, int output)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", "models/" + id);
    g.writeStringField("version", "001");
    g.writeStringField("displayName", id);
    g.writeStringField("description", "Simulated " + id + " (Switchboard mock upstream)");
    g.writeNumberField("inputTokenLimit", input);
    g.writeNumberField("outputTokenLimit", output);
    g.writeArrayFieldStart("supportedGenerationMethods");
    g.writeString("generateContent");
    g.writeString("countTokens");
    g.writeEndArray();
    g.writeNumberField("temperature", 1.0);
    g.writeNumberField("topP", 0.95);
    g.writeNumberField("topK", 64);
    g.writeEndObject();
  }
}
