package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamErrorText;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Maps Anthropic error answers ({@code {"type":"error","error":{"type","message"}}}, as an HTTP
 * response or as a stream's {@code error} event) to a {@link GatewayException}. Overloaded (529)
 * and unavailable answers stay retryable so the next deployment is tried; {@code retry-after} is
 * passed on. Stateless.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  static GatewayException map(UpstreamTarget target, int status, MultiMap headers, Buffer body) {
    JsonNode err = body == null ? null : Json.topLevelField(body, "error");
    String type = err != null && err.isObject() ? err.path("type").asText("") : "";
    String message = err != null && err.isObject() ? err.path("message").asText("")
        : Json.excerpt(body, 300);
    String retryAfter = headers == null ? null : headers.get("retry-after");
    ErrorKind kind;
    if (status == 401 || status == 403) {
      kind = ErrorKind.UPSTREAM_AUTHENTICATION;
    } else if (status == 429) {
      kind = ErrorKind.RATE_LIMITED;
    } else if (status == 404 && message.toLowerCase(Locale.ROOT).contains("model")) {
      kind = ErrorKind.MODEL_NOT_FOUND;
    } else if (status == 400 && promptTooLong(message)) {
      kind = ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    } else if (status == 408 || status == 504) {
      kind = ErrorKind.UPSTREAM_TIMEOUT;
    } else if (status == 413) {
      kind = ErrorKind.PAYLOAD_TOO_LARGE;
    } else if (status >= 400 && status < 500) {
      kind = ErrorKind.UPSTREAM_INVALID_REQUEST;
    } else if (status == 503 || status == 529 || "overloaded_error".equals(type)) {
      kind = ErrorKind.UPSTREAM_UNAVAILABLE;
    } else {
      kind = ErrorKind.UPSTREAM_ERROR;
    }
    return UpstreamErrorText.of(kind, target, status, message, retryAfter, body);
  }

  /**
   * The failure an {@code error} event in the middle of a stream stands for. Nothing retryable
   * is lost by being precise: once bytes reached the client, no fallback happens anyway.
   */
  static GatewayException streamError(Buffer data) {
    JsonNode err = Json.topLevelField(data, "error");
    String type = err == null ? "" : err.path("type").asText("");
    String message = err == null ? Json.excerpt(data, 300) : err.path("message").asText("unknown");
    ErrorKind kind = switch (type) {
      case "overloaded_error" -> ErrorKind.UPSTREAM_UNAVAILABLE;
      case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
      case "invalid_request_error" -> promptTooLong(message)
          ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : ErrorKind.UPSTREAM_INVALID_REQUEST;
      case "authentication_error", "permission_error" -> ErrorKind.UPSTREAM_AUTHENTICATION;
      default -> ErrorKind.UPSTREAM_ERROR;
    };
    return GatewayException.builder(kind,
            "The provider reported an error in the middle of the stream: " + message)
        .upstreamBody(Json.excerpt(data, 2000)).build();
  }

  private static boolean promptTooLong(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("prompt is too long") || m.contains("context window")
        || m.contains("too many tokens");
  }
}
