package dev.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamErrorText;
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
    String retryAfter = headers == null ? null : headers.get("retry-after");
    ErrorKind kind;
    if (status == 401 || status == 403) {
      kind = ErrorKind.UPSTREAM_AUTHENTICATION;
    } else if (status == 429 && "insufficient_quota".equals(upstreamCode)) {
      // OpenAI's "You exceeded your current quota": no wait will help, another key or provider may.
      kind = ErrorKind.UPSTREAM_QUOTA;
    } else if (status == 429) {
      kind = ErrorKind.RATE_LIMITED;
    } else if (status == 404 && "model_not_found".equals(upstreamCode)) {
      kind = ErrorKind.MODEL_NOT_FOUND;
    } else if (status == 400 && "context_length_exceeded".equals(upstreamCode)) {
      kind = ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    } else if (status == 400 && ("content_policy_violation".equals(upstreamCode)
        || "content_filter".equals(upstreamCode))) {
      kind = ErrorKind.CONTENT_POLICY;
    } else if (status == 408 || status == 504) {
      kind = ErrorKind.UPSTREAM_TIMEOUT;
    } else if (status == 413) {
      kind = ErrorKind.PAYLOAD_TOO_LARGE;
    } else if (status >= 400 && status < 500) {
      kind = ErrorKind.UPSTREAM_INVALID_REQUEST;
    } else if (status == 503 || status == 529) {
      kind = ErrorKind.UPSTREAM_UNAVAILABLE;
    } else {
      kind = ErrorKind.UPSTREAM_ERROR;
    }
    return UpstreamErrorText.of(kind, target, status, upstreamMessage, retryAfter, body, param);
  }
}
