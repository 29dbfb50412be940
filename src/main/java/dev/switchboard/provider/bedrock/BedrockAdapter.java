package dev.switchboard.provider.bedrock;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The adapter for Amazon Bedrock's Converse API ({@code POST /model/{modelId}/converse} and
 * {@code /converse-stream}): serves OpenAI chat completions, complete and streamed, by translating
 * the request with {@link BedrockRequestEncoder}, answers with {@link BedrockResponseDecoder},
 * event streams with {@link BedrockStreamDecoder} and errors with {@link BedrockErrors}. Requests
 * are signed with SigV4 ({@link BedrockSigner}) for providers with an AWS key pair, or carry a
 * Bedrock API key as a bearer token. Only the chat endpoint is served.
 *
 * <p>Threading: stateless after construction, shared by all event loops.
 */
public final class BedrockAdapter implements ProviderAdapter {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("application/vnd.amazon.eventstream");

  private final Map<String, BedrockCredentials> credentials;
  private final Clock clock;

  /** @param credentials the signing credentials of every bedrock provider, by provider name */
  public BedrockAdapter(Map<String, BedrockCredentials> credentials) {
    this(credentials, Clock.systemUTC());
  }

  /** With the clock that signs requests and stamps {@code created} (tests fix it). */
  BedrockAdapter(Map<String, BedrockCredentials> credentials, Clock clock) {
    this.credentials = Map.copyOf(credentials);
    this.clock = clock;
    if (this.credentials.values().stream().anyMatch(BedrockCredentials::signs)) {
      // Loading and initialising the AWS signer takes a few hundred milliseconds once: done
      // beside the start-up, so neither the start nor the first request's event loop waits.
      Thread warm = new Thread(BedrockSigner::warmUp, "bedrock-signer-warm-up");
      warm.setDaemon(true);
      warm.start();
    }
  }

  @Override
  public UpstreamCall encode(Exchange ex, UpstreamTarget target) {
    if (ex.endpoint() != Endpoint.CHAT) {
      throw GatewayException.builder(ErrorKind.INVALID_REQUEST, "Provider '" + target.provider()
          + "' (Bedrock) serves chat completions only, not " + ex.endpoint().label() + ".")
          .status(400).build();
    }
    boolean stream = ex.stream();
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(BedrockRequestEncoder.encode(ex.body(), target.model()));
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
    String uri = uri(target, stream);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.ACCEPT, stream ? EVENT_STREAM : JSON);
    // Configured headers come before signing, so they are signed too.
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    BedrockCredentials creds = credentials.get(target.provider());
    if (creds != null && creds.signs()) {
      BedrockSigner.sign(creds, target.ssl(), target.host(), target.port(), uri, headers, body,
          clock);
    } else if (!target.apiKey().isEmpty()) {
      headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + target.apiKey());
    }
    return new UpstreamCall(uri, headers, Buffer.buffer(body), stream);
  }

  /**
   * The operation's path. Model ids carry {@code :} (versions) and inference-profile ARNs
   * {@code /}, so the id is percent-encoded as one path segment, as the AWS SDKs do.
   */
  static String uri(UpstreamTarget target, boolean stream) {
    String id = URLEncoder.encode(target.model(), StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    return target.basePath() + "/model/" + id + (stream ? "/converse-stream" : "/converse");
  }

  @Override
  public Reply.Complete decode(Exchange ex, int status, Buffer body) {
    BedrockResponseDecoder.Decoded d = BedrockResponseDecoder.decode(body.getBytes(), newId(),
        model(ex), epochSeconds());
    return new Reply.Complete(status, Buffer.buffer(d.body()), d.usage());
  }

  @Override
  public StreamDecoder newStreamDecoder(Exchange ex) {
    return new BedrockStreamDecoder(ex.clientWantsStreamUsage(), newId(), model(ex),
        epochSeconds());
  }

  @Override
  public GatewayException decodeError(UpstreamTarget target, int status, MultiMap headers,
      Buffer body) {
    return BedrockErrors.map(target, status, headers, body);
  }

  /** Converse answers name no model: the deployment's model, else the one the client asked for. */
  private static String model(Exchange ex) {
    String upstream = ex.upstreamModel();
    return upstream != null && !upstream.isEmpty() ? upstream : ex.model();
  }

  /** Converse answers carry no id either; clients only need one that is unique enough. */
  private static String newId() {
    return "chatcmpl-bedrock-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private long epochSeconds() {
    return clock.millis() / 1000;
  }
}
