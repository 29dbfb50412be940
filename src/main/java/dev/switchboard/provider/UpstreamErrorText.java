package dev.switchboard.provider;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * The gateway's wording for a provider's error, one sentence per error kind, shared by every
 * adapter: each API family decides the kind from its own status codes and error types, this class
 * says it the same way for all of them and keeps the provider's status, body and
 * {@code Retry-After}. Stateless.
 */
public final class UpstreamErrorText {
  private UpstreamErrorText() {}

  /**
   * The error for {@code kind}, naming the provider and carrying its own message.
   *
   * @param message the provider's message (may be blank)
   * @param body the provider's error body, kept (truncated) for debugging
   */
  public static GatewayException of(ErrorKind kind, UpstreamTarget target, int status,
      String message, String retryAfter, Buffer body) {
    return of(kind, target, status, message, retryAfter, body, null);
  }

  /** As above, naming the request field the provider objected to ({@code param}), if it did. */
  public static GatewayException of(ErrorKind kind, UpstreamTarget target, int status,
      String message, String retryAfter, Buffer body, String param) {
    String who = "Provider '" + target.provider() + "'";
    String detail = message == null || message.isBlank() ? "" : ": " + message;
    GatewayException.Builder b = GatewayException.builder(kind, sentence(kind, who, target,
        status, detail, retryAfter));
    switch (kind) {
      case MODEL_NOT_FOUND -> b.status(404);
      case CONTEXT_LENGTH_EXCEEDED -> b.param("messages");
      case UPSTREAM_INVALID_REQUEST -> b.status(status);
      default -> { }
    }
    if (param != null) {
      b.param(param);
    }
    return b.retryAfter(retryAfter).upstreamStatus(status).upstreamBody(Json.excerpt(body, 2000))
        .build();
  }

  private static String sentence(ErrorKind kind, String who, UpstreamTarget target, int status,
      String detail, String retryAfter) {
    return switch (kind) {
      case UPSTREAM_AUTHENTICATION -> who + " rejected the gateway's credentials (HTTP " + status
          + detail + "). An operator should check providers." + target.provider() + ".api_key.";
      case RATE_LIMITED -> who + " is rate limiting requests" + detail
          + (retryAfter != null ? " Retry after " + retryAfter + " s." : "");
      case UPSTREAM_QUOTA -> who + " says the gateway's account has no quota left (HTTP " + status
          + detail + "). An operator should add credit with the provider or route the model"
          + " elsewhere.";
      case MODEL_NOT_FOUND -> who + " does not serve model '" + target.model() + "'" + detail;
      case CONTEXT_LENGTH_EXCEEDED -> who + " says the request does not fit model '"
          + target.model() + "'" + detail
          + ". Shorten the conversation or use a model with a larger context window.";
      case CONTENT_POLICY -> who + " refused the content" + detail;
      case UPSTREAM_TIMEOUT -> who + " timed out" + detail;
      case PAYLOAD_TOO_LARGE -> who + " refused the request as too large" + detail;
      case UPSTREAM_INVALID_REQUEST -> who + " rejected the request" + detail;
      case UPSTREAM_UNAVAILABLE -> who + " is overloaded or unavailable (HTTP " + status + ")"
          + detail;
      default -> who + " failed (HTTP " + status + ")" + detail;
    };
  }
}
