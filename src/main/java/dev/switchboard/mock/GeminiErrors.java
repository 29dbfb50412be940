package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;

/**
 * Google's error vocabulary for the Gemini API: the canonical status names per HTTP status,
 * factories for the errors {@code generateContent} answers with, and the
 * {@code {"error":{"code","message","status","details"}}} envelope.
 *
 * <p>Stateless; safe from any thread.
 */
final class GeminiErrors {

  static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  /** {@link MockApiException#code} of a bad key: rendered as an {@code ErrorInfo} reason. */
  static final String API_KEY_INVALID = "API_KEY_INVALID";
  private static final String REQUEST = "GenerateContentRequest.";

  private GeminiErrors() {}

  /** The google.rpc status name Google pairs with an HTTP status. */
  static String statusFor(int status) {
    return switch (status) {
      case 400 -> INVALID_ARGUMENT;
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  static MockApiException error(int status, String message, String reason, long retryAfter) {
    return new MockApiException(status, message, statusFor(status), null, reason, retryAfter,
        MockApiException.Envelope.GOOGLE);
  }

  /** A 400 INVALID_ARGUMENT. */
  static MockApiException invalid(String message) {
    return error(400, message, null, -1);
  }

  /** A field violation, worded as Google's request validation lists them. */
  static MockApiException field(String path, String message) {
    return invalid("* " + REQUEST + path + ": " + message);
  }

  /** What the API's JSON decoding says about a field it does not know. */
  static MockApiException unknownField(String name, String at) {
    return invalid("Invalid JSON payload received. Unknown name \"" + name + "\""
        + (at == null ? "" : " at '" + at + "'") + ": Cannot find field.");
  }

  /** A value of the wrong JSON type for its field. */
  static MockApiException badValue(String path, String protoType, String value) {
    return invalid("Invalid value at '" + path + "' (" + protoType + "), " + value);
  }

  /** A key that is present but wrong: Google answers 400, not 401. */
  static MockApiException badApiKey() {
    return error(400, "API key not valid. Please pass a valid API key.", API_KEY_INVALID, -1);
  }

  /** No key at all: the request has no identity, which Google reports as 403. */
  static MockApiException missingApiKey() {
    return error(403, "Method doesn't allow unregistered callers (callers without established"
        + " identity). Please use API Key or other form of API consumer identity to call this"
        + " API.", null, -1);
  }

  /** Any error raised by shared code (JSON parsing, simulator headers) in Google's envelope. */
  static MockApiException translate(MockApiException e) {
    if (e.envelope == MockApiException.Envelope.GOOGLE) {
      return e;
    }
    String message = e.status == 400 && e.param == null && e.getMessage().startsWith("We could not")
        ? "Invalid JSON payload received. Unexpected token."
        : e.getMessage();
    return error(e.status, message, null, e.retryAfterSeconds);
  }

  /** The error a real Gemini upstream would send with {@code status}, for injected failures. */
  static MockApiException forStatus(int status, String model, long retryAfterSeconds) {
    String m = model == null ? "gemini-2.0-flash" : model;
    return switch (status) {
      case 400 -> invalid("Request contains an invalid argument.");
      case 401 -> error(401, "Request had invalid authentication credentials.", null, -1);
      case 403 -> error(403, "The caller does not have permission", null, -1);
      case 404 -> error(404, "models/" + m + " is not found for API version v1beta, or is not"
          + " supported for generateContent.", null, -1);
      case 429 -> error(429, "Resource has been exhausted (e.g. check quota).", null,
          retryAfterSeconds);
      case 503 -> error(503, "The model is overloaded. Please try again later.", null,
          retryAfterSeconds);
      case 504 -> error(504, "Deadline exceeded.", null, -1);
      default -> status >= 500
          ? serverError(status)
          : error(status, "Request failed with status " + status + ".", null, -1);
    };
  }

  static MockApiException serverError(int status) {
    return error(status, "Internal error encountered.", null, -1);
  }

  /** The error document; {@code details} carry the retry delay and the bad-key reason. */
  static Buffer render(MockApiException e) {
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeNumberField("code", e.status);
      g.writeStringField("message", e.getMessage());
      g.writeStringField("status", e.type);
      if (e.code != null || e.retryAfterSeconds >= 0) {
        g.writeArrayFieldStart("details");
        if (e.code != null) {
          g.writeStartObject();
          g.writeStringField("@type", "type.googleapis.com/google.rpc.ErrorInfo");
          g.writeStringField("reason", e.code);
          g.writeStringField("domain", "googleapis.com");
          g.writeEndObject();
        }
        if (e.retryAfterSeconds >= 0) {
          g.writeStartObject();
          g.writeStringField("@type", "type.googleapis.com/google.rpc.RetryInfo");
          g.writeStringField("retryDelay", e.retryAfterSeconds + "s");
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }
}
