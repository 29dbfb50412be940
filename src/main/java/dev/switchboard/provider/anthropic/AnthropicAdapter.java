package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The adapter for Anthropic's Messages API ({@code POST /v1/messages}): serves OpenAI chat
 * completions, complete and streamed, by translating the request with
 * {@link AnthropicRequestEncoder}, answers with {@link AnthropicResponseDecoder}, streams with
 * {@link AnthropicStreamDecoder} and errors with {@link AnthropicErrors}. Only the chat endpoint
 * is served. A {@code /v1/messages} request is sent as the client wrote it
 * ({@link AnthropicPassThrough}) unless a stage rewrote it.
 *
 * <p>Threading: stateless, shared by all event loops.
 */
public final class AnthropicAdapter implements ProviderAdapter {
  /** The API version whose wire format this adapter speaks. */
  static final String API_VERSION = "2023-06-01";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream");
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("x-api-key");
  private static final CharSequence VERSION = HttpHeaders.createOptimized("anthropic-version");
  private static final CharSequence BETA = HttpHeaders.createOptimized("anthropic-beta");

  private final Clock clock;

  public AnthropicAdapter() {
    this(Clock.systemUTC());
  }

  /** With the clock that stamps {@code created} on translated answers (tests fix it). */
  AnthropicAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamCall encode(Exchange ex, UpstreamTarget target) {
    if (ex.endpoint() != Endpoint.CHAT) {
      throw GatewayException.builder(ErrorKind.INVALID_REQUEST, "Provider '" + target.provider()
          + "' (Anthropic) serves chat completions only, not " + ex.endpoint().label() + ".")
          .status(400).build();
    }
    boolean stream = ex.stream();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.ACCEPT, stream ? SSE : JSON);
    headers.set(VERSION, API_VERSION);
    if (!target.apiKey().isEmpty()) {
      headers.set(API_KEY, target.apiKey());
    }
    try {
      AnthropicPassThrough original = ex.attribute(AnthropicPassThrough.KEY);
      ObjectNode asSent = original == null ? null : original.body(ex, target.model());
      if (asSent == null) {
        asSent = AnthropicRequestEncoder.encode(ex.body(), target.model(), stream);
      } else if (ex.headers().contains(BETA)) {
        // A request passed through as written may use beta features (Claude Code sends
        // context_management, adaptive thinking …); their flags must go with it.
        headers.set(BETA, ex.headers().get(BETA));
      }
      // Configured headers come last, so an operator can pin another version or a beta flag.
      for (Map.Entry<String, String> h : target.headers().entrySet()) {
        headers.set(h.getKey(), h.getValue());
      }
      byte[] body = Json.MAPPER.writeValueAsBytes(asSent);
      return new UpstreamCall(uri(target), headers, Buffer.buffer(body), stream);
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /** Both {@code https://api.anthropic.com} and {@code …/v1} are accepted as the base URL. */
  static String uri(UpstreamTarget target) {
    String base = target.basePath();
    return base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
  }

  @Override
  public Reply.Complete decode(Exchange ex, int status, Buffer body) {
    AnthropicResponseDecoder.Decoded d =
        AnthropicResponseDecoder.decode(body.getBytes(), epochSeconds());
    return new Reply.Complete(status, Buffer.buffer(d.body()), d.usage());
  }

  @Override
  public StreamDecoder newStreamDecoder(Exchange ex) {
    return new AnthropicStreamDecoder(ex.clientWantsStreamUsage(), epochSeconds());
  }

  @Override
  public GatewayException decodeError(UpstreamTarget target, int status, MultiMap headers,
      Buffer body) {
    return AnthropicErrors.map(target, status, headers, body);
  }

  private long epochSeconds() {
    return clock.millis() / 1000;
  }
}
