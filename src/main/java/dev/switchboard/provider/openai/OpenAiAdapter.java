package dev.switchboard.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.BodyRewriter;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;

/**
 * The adapter for every OpenAI-compatible provider (OpenAI, Groq, Together, OpenRouter, Mistral,
 * DeepSeek, Fireworks, xAI, Ollama, vLLM …) and, with {@code azure = true}, Azure OpenAI (deployment
 * in the path, {@code api-version} query, {@code api-key} header).
 *
 * <p>The client's body goes upstream untouched except for {@code model} (and asking a stream for its
 * usage); when nothing changes, the received bytes are sent as they are.
 *
 * <p>Threading: stateless, shared by all event loops.
 */
public final class OpenAiAdapter implements ProviderAdapter {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream");
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("api-key");

  private final boolean azure;

  public OpenAiAdapter(boolean azure) {
    this.azure = azure;
  }

  @Override
  public UpstreamCall encode(Exchange ex, UpstreamTarget target) {
    boolean stream = ex.stream();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.ACCEPT, stream ? SSE : JSON);
    if (!target.apiKey().isEmpty()) {
      if (azure) {
        headers.set(API_KEY, target.apiKey());
      } else {
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + target.apiKey());
      }
    }
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    return new UpstreamCall(uri(ex.endpoint(), target), headers, body(ex, target, stream), stream);
  }

  private String uri(Endpoint endpoint, UpstreamTarget target) {
    if (!azure) {
      return target.basePath() + endpoint.path();
    }
    return target.basePath() + "/openai/deployments/" + target.model() + endpoint.path()
        + "?api-version=" + target.apiVersion();
  }

  private Buffer body(Exchange ex, UpstreamTarget target, boolean stream) {
    boolean sameModel = azure || target.model().equals(ex.model());
    JsonNode givenOptions = ex.body().get("stream_options");
    boolean addUsage = stream && !ex.clientWantsStreamUsage();
    if (ex.bodyChanged() || (addUsage && givenOptions != null)) {
      return reserialise(ex, target, addUsage, givenOptions);
    }
    // The usual cases edit the client's bytes: no tree, no serialisation.
    Buffer out = ex.rawBody();
    if (!sameModel) {
      out = BodyRewriter.replaceTopLevelString(out, "model", target.model());
    }
    if (out != null && addUsage) {
      out = BodyRewriter.prependField(out, "stream_options", "{\"include_usage\":true}");
    }
    return out != null ? out : reserialise(ex, target, addUsage, givenOptions);
  }

  private Buffer reserialise(Exchange ex, UpstreamTarget target, boolean addUsage,
      JsonNode givenOptions) {
    // Shallow copy: the exchange keeps the client's body for a fallback to another deployment.
    ObjectNode copy = Json.MAPPER.createObjectNode();
    copy.setAll(ex.body());
    if (!azure) {
      copy.put("model", target.model());
    }
    if (addUsage) {
      ObjectNode opts = Json.MAPPER.createObjectNode();
      if (givenOptions != null && givenOptions.isObject()) {
        opts.setAll((ObjectNode) givenOptions);
      }
      opts.put("include_usage", true);
      copy.set("stream_options", opts);
    }
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(copy));
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  @Override
  public Reply.Complete decode(Exchange ex, int status, Buffer body) {
    return new Reply.Complete(status, body, Json.openAiUsage(body));
  }

  @Override
  public StreamDecoder newStreamDecoder(Exchange ex) {
    return new OpenAiStreamDecoder(ex.clientWantsStreamUsage());
  }

  @Override
  public GatewayException decodeError(UpstreamTarget target, int status, MultiMap headers,
      Buffer body) {
    return OpenAiErrors.map(target, status, headers, body);
  }
}
