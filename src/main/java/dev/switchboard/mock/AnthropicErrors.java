package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;

/**
 * Anthropic's error vocabulary: the documented error types per HTTP status, factories for the
 * errors the Messages API answers with, and the {@code {"type":"error","error":{"type","message"},
 * "request_id"}} envelope.
 *
 * <p>Stateless; safe from any thread.
 */
final class AnthropicErrors {

  static final String INVALID_REQUEST = "invalid_request_error";
  static final String AUTHENTICATION = "authentication_error";
  static final String OVERLOADED = "overloaded_error";

  private AnthropicErrors() {}

  /** Anthropic's error type for an HTTP status, as its errors page lists them. */
  static String typeFor(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> AUTHENTICATION;
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> OVERLOADED;
      default -> status >= 500 ? "api_error" : INVALID_REQUEST;
    };
  }

  static MockApiException error(int status, String message, long retryAfterSeconds) {
    return new MockApiException(status, message, typeFor(status), null, null, retryAfterSeconds,
        MockApiException.Envelope.ANTHROPIC);
  }

  /** A 400 {@code invalid_request_error}. */
  static MockApiException invalid(String message) {
    return error(400, message, -1);
  }

  /** The validation error of a required field that is absent, worded as the API words it. */
  static MockApiException required(String path) {
    return invalid(path + ": Field required");
  }

  static MockApiException badApiKey() {
    return error(401, "invalid x-api-key", -1);
  }

  static MockApiException missingVersion() {
    return invalid("anthropic-version: header is required");
  }

  /** Any error raised by shared code (JSON parsing, simulator headers) in Anthropic's envelope. */
  static MockApiException translate(MockApiException e) {
    if (e.envelope == MockApiException.Envelope.ANTHROPIC) {
      return e;
    }
    String message = e.status == 400 && e.param == null && e.getMessage().startsWith("We could not")
        ? "There was an error parsing the body of your request: invalid JSON"
        : e.getMessage();
    return error(e.status, message, e.retryAfterSeconds);
  }

  /** The error a real Anthropic upstream would send with {@code status}, for injected failures. */
  static MockApiException forStatus(int status, String model, long retryAfterSeconds) {
    String m = model == null ? "claude-sonnet-4-5" : model;
    return switch (status) {
      case 401 -> badApiKey();
      case 403 -> error(403, "Your API key does not have permission to use the specified"
          + " resource.", -1);
      case 404 -> error(404, "model: " + m, -1);
      case 429 -> error(429, "This request would exceed the rate limit for your organization of"
          + " 50 requests per minute for " + m + ". Please try again in " + retryAfterSeconds
          + "s.", retryAfterSeconds);
      case 529 -> overloaded(retryAfterSeconds);
      case 503 -> error(503, "Service unavailable.", retryAfterSeconds);
      default -> status >= 500
          ? serverError(status)
          : error(status, "Request failed with status " + status + ".", -1);
    };
  }

  static MockApiException overloaded(long retryAfterSeconds) {
    return error(529, "Overloaded", retryAfterSeconds);
  }

  static MockApiException serverError(int status) {
    return error(status, "Internal server error", -1);
  }

  /** The error document; the same JSON is the {@code data} of a mid-stream {@code error} event. */
  static Buffer render(MockApiException e) {
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeObjectFieldStart("error");
      g.writeStringField("type", e.type);
      g.writeStringField("message", e.getMessage());
      g.writeEndObject();
      g.writeStringField("request_id", MockHttp.requestId());
      g.writeEndObject();
    });
  }
}
