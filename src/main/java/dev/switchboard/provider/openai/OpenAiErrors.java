package dev.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Maps an OpenAI-style error response ({@code {"error":{"message","type","code","param"}}}, or any
 * other body) to a {@link GatewayException}, keeping the status where it means something to the
 * caller and passing {@code Retry-After} on. Stateless.
 */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  public static GatewayException map(UpstreamTarget target, int status, MultiMap headers,
      Buffer body) {
    JsonNode err = body == null ? null : Json.topLevelField(body, "error");
    String upstreamMessage;
    String param = null;
    String upstreamCode = null;
    if (err != null && err.isObject()) {
      upstreamMessage = err.path("message").asText("");
      param = err.hasNonNull("param") ? err.get("param").asText() : null;
      upstreamCode = err.hasNonNull("code") ? err.get("code").asText() : null;
    } else if (err != null && err.isTextual()) {
      upstreamMessage = err.asText();
    } else {
      upstreamMessage = Json.excerpt(body, 300);
    }
    String who = "Provider '" + target.provider() + "'";
    String detail = upstreamMessage.isBlank() ? "" : ": " + upstreamMessage;
    String retryAfter = headers == null ? null : headers.get("retry-after");
    GatewayException.Builder b;
    if (status == 401 || status == 403) {
      b = GatewayException.builder(ErrorKind.UPSTREAM_AUTHENTICATION, who
          + " rejected the gateway's credentials (HTTP " + status + detail
          + "). An operator should check providers." + target.provider() + ".api_key.");
    } else if (status == 429) {
      b = GatewayException.builder(ErrorKind.RATE_LIMITED, who + " is rate limiting requests"
          + detail + (retryAfter != null ? " Retry after " + retryAfter + " s." : ""));
    } else if (status == 404 && "model_not_found".equals(upstreamCode)) {
      b = GatewayException.builder(ErrorKind.MODEL_NOT_FOUND, who + " does not serve model '"
          + target.model() + "'" + detail).status(404);
    } else if (status == 400 && "context_length_exceeded".equals(upstreamCode)) {
      b = GatewayException.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED, who + " says the request"
          + " does not fit model '" + target.model() + "'" + detail
          + " Shorten the conversation or use a model with a larger context window.")
          .param(param);
    } else if (status == 400 && ("content_policy_violation".equals(upstreamCode)
        || "content_filter".equals(upstreamCode))) {
      b = GatewayException.builder(ErrorKind.CONTENT_POLICY, who + " refused the content"
          + detail).param(param);
    } else if (status == 408 || status == 504) {
      b = GatewayException.builder(ErrorKind.UPSTREAM_TIMEOUT, who + " timed out" + detail);
    } else if (status == 413) {
      b = GatewayException.builder(ErrorKind.PAYLOAD_TOO_LARGE, who
          + " refused the request as too large" + detail);
    } else if (status >= 400 && status < 500) {
      b = GatewayException.builder(ErrorKind.UPSTREAM_INVALID_REQUEST, who
          + " rejected the request" + detail).status(status).param(param);
    } else if (status == 503 || status == 529) {
      b = GatewayException.builder(ErrorKind.UPSTREAM_UNAVAILABLE, who
          + " is overloaded or unavailable (HTTP " + status + ")" + detail);
    } else {
      b = GatewayException.builder(ErrorKind.UPSTREAM_ERROR, who + " failed (HTTP " + status + ")"
          + detail);
    }
    return b.retryAfter(retryAfter).upstreamStatus(status).upstreamBody(Json.excerpt(body, 2000))
        .build();
  }
}
