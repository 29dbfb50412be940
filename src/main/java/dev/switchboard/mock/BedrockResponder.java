package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers the Bedrock runtime's Converse API: {@code POST /model/{modelId}/converse} with one
 * JSON {@code ConverseResponse}, {@code /converse-stream} with an AWS event stream
 * ({@link BedrockStream}), after checking the SigV4 signature ({@link BedrockAuth}) and the body
 * ({@link BedrockRequest}). The simulator's behaviour controls apply as on the other APIs, with
 * Bedrock's errors ({@link BedrockErrors}); delivery and timing are in {@link BedrockDelivery}.
 * Cache points are answered from the shared {@link PromptCache}.
 *
 * <p>Stateless; each call works on its own request on that request's event loop.
 */
final class BedrockResponder {
  static final String PREFIX = "/model/";

  private BedrockResponder() {}

  /** A request under {@code /model/}: validated and answered, or answered with its error. */
  static void handle(Vertx vertx, HttpServerRequest request, Buffer body, MockState state) {
    try {
      String path = request.path();
      String rest = path.substring(PREFIX.length());
      int slash = rest.lastIndexOf('/');
      String operation = slash < 0 ? "" : rest.substring(slash + 1);
      // the model id is one percent-encoded segment ("…-v1%3A0"); a literal '+' stays a '+'
      String model = slash <= 0 ? "" : URLDecoder.decode(rest.substring(0, slash)
          .replace("+", "%2B"), StandardCharsets.UTF_8);
      boolean stream = operation.equals("converse-stream");
      if (model.isEmpty() || !(stream || operation.equals("converse"))
          || !request.method().name().equals("POST")) {
        throw BedrockErrors.unknownOperation(request.method().name(), path);
      }
      BedrockAuth.check(request, body, state.options.requiredApiKey());
      MockBehavior behavior = BehaviorResolver.resolve(state.behavior.get(), request.headers());
      JsonNode json = MockJson.parse(body);
      if (json == null || !json.isObject()) {
        throw BedrockErrors.validation("Malformed input request, please reformat your input and"
            + " try again.");
      }
      BedrockRequest parsed = BedrockRequest.parse(model, json);
      BedrockRequest.Generation gen = parsed.generate(behavior.tokens());
      state.models.noteUsed(model);
      // The prompt cache is looked up when the answer goes out: an injected failure caches nothing.
      PromptCache cache = state.promptCache;
      BedrockDelivery.deliver(vertx, request, behavior, stream
          ? () -> new BedrockStream(parsed, gen, BedrockResponder::toolUseId,
              cache.use(parsed.cachePrefixes(), parsed.promptTokens()))
          : null, stream ? null : () -> converseResponse(parsed, gen,
              cache.use(parsed.cachePrefixes(), parsed.promptTokens())), state.abortedStreams);
    } catch (MockApiException e) {
      BedrockErrors.send(request.response(), BedrockErrors.translate(e));
    } catch (BedrockApiException e) {
      BedrockErrors.send(request.response(), e);
    }
  }

  static String toolUseId() {
    return "tooluse_" + MockHttp.id("", 22);
  }

  /** The {@code ConverseResponse} JSON. */
  static Buffer converseResponse(BedrockRequest request, BedrockRequest.Generation gen,
      PromptCache.Use cached) {
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("output");
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      g.writeArrayFieldStart("content");
      BedrockReasoning.writeBlocks(g, request);
      for (BedrockRequest.Call call : gen.calls()) {
        g.writeStartObject();
        g.writeObjectFieldStart("toolUse");
        g.writeStringField("toolUseId", toolUseId());
        g.writeStringField("name", call.name());
        g.writeFieldName("input");
        g.writeRawValue(call.input());
        g.writeEndObject();
        g.writeEndObject();
      }
      if (gen.calls().isEmpty()) {
        g.writeStartObject();
        g.writeStringField("text", gen.joined());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeStringField("stopReason", gen.stopReason());
      writeUsageAndMetrics(g, request, gen, cached);
      g.writeEndObject();
    });
  }

  /**
   * {@code usage} and {@code metrics}, shared by the JSON answer and the metadata event. A request
   * with cache points also gets the tokens read from and written to the cache ({@code cached}),
   * counted apart from {@code inputTokens}; {@code totalTokens} counts them all.
   */
  static void writeUsageAndMetrics(JsonGenerator g, BedrockRequest request,
      BedrockRequest.Generation gen, PromptCache.Use cached) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("inputTokens", cached.uncached(request.promptTokens()));
    g.writeNumberField("outputTokens", gen.tokens());
    g.writeNumberField("totalTokens", request.promptTokens() + gen.tokens());
    if (request.cachePrefixes().marked()) {
      g.writeNumberField("cacheReadInputTokens", cached.read());
      g.writeNumberField("cacheWriteInputTokens", cached.written());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("latencyMs", 100 + ThreadLocalRandom.current().nextInt(200));
    g.writeEndObject();
  }
}
