package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.time.Clock;
import java.util.Map;

/**
 * The adapter for Google's Gemini API ({@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}): serves OpenAI chat completions, complete and streamed,
 * by translating the request with {@link GeminiRequestEncoder}, answers with
 * {@link GeminiResponseDecoder}, streams with {@link GeminiStreamDecoder} and errors with
 * {@link GeminiErrors}. Only the chat endpoint is served.
 *
 * <p>Threading: stateless, shared by all event loops.
 */
public final class GeminiAdapter implements ProviderAdapter {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream");
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("x-goog-api-key");

  private final Clock clock;

  public GeminiAdapter() {
    this(Clock.systemUTC());
  }

  /** With the clock that stamps {@code created} on translated answers (tests fix it). */
  GeminiAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamCall encode(Exchange ex, UpstreamTarget target) {
    if (ex.endpoint() != Endpoint.CHAT) {
      throw GatewayException.builder(ErrorKind.INVALID_REQUEST, "Provider '" + target.provider()
          + "' (Gemini) serves chat completions only, not " + ex.endpoint().label() + ".")
          .status(400).build();
    }
    boolean stream = ex.stream();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.ACCEPT, stream ? SSE : JSON);
    if (!target.apiKey().isEmpty()) {
      headers.set(API_KEY, target.apiKey());
    }
    // Configured headers come last, so an operator can add e.g. a quota-project header.
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(GeminiRequestEncoder.encode(ex.body()));
      return new UpstreamCall(uri(target, stream), headers, Buffer.buffer(body), stream);
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /**
   * The method's path. The base URL may be the host alone or already end in an API version
   * ({@code …/v1beta}, {@code …/v1}); a model may be configured with Google's {@code models/}
   * resource prefix.
   */
  static String uri(UpstreamTarget target, boolean stream) {
    String base = target.basePath();
    if (!base.endsWith("/v1beta") && !base.endsWith("/v1")) {
      base = base + "/v1beta";
    }
    String model = target.model();
    if (model.startsWith("models/")) {
      model = model.substring("models/".length());
    }
    return base + "/models/" + model
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  public Reply.Complete decode(Exchange ex, int status, Buffer body) {
    GeminiResponseDecoder.Decoded d = GeminiResponseDecoder.decode(body.getBytes(),
        epochSeconds());
    return new Reply.Complete(status, Buffer.buffer(d.body()), d.usage());
  }

  @Override
  public StreamDecoder newStreamDecoder(Exchange ex) {
    return new GeminiStreamDecoder(ex.clientWantsStreamUsage(), epochSeconds());
  }

  @Override
  public GatewayException decodeError(UpstreamTarget target, int status, MultiMap headers,
      Buffer body) {
    return GeminiErrors.map(target, status, headers, body);
  }

  private long epochSeconds() {
    return clock.millis() / 1000;
  }
}
