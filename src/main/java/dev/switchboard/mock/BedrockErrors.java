package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Bedrock runtime's error vocabulary: factories for the errors Converse answers with, worded
 * as AWS words them, and their two renderings — an HTTP answer ({@code x-amzn-ErrorType} header,
 * {@code {"message": …}} body) and an exception frame inside a ConverseStream event stream.
 *
 * <p>Stateless; safe from any thread.
 */
final class BedrockErrors {
  private static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private BedrockErrors() {}

  static BedrockApiException validation(String message) {
    return new BedrockApiException(400, "ValidationException", message, -1);
  }

  static BedrockApiException missingAuthentication() {
    return new BedrockApiException(403, "MissingAuthenticationTokenException",
        "Missing Authentication Token", -1);
  }

  static BedrockApiException unknownAccessKey() {
    return new BedrockApiException(403, "UnrecognizedClientException",
        "The security token included in the request is invalid.", -1);
  }

  static BedrockApiException badSignature(String why) {
    return new BedrockApiException(403, "InvalidSignatureException", why, -1);
  }

  static BedrockApiException badApiKey() {
    return new BedrockApiException(403, "AccessDeniedException",
        "Authentication failed: Please make sure your API Key is valid.", -1);
  }

  static BedrockApiException unknownOperation(String method, String path) {
    return new BedrockApiException(404, "UnknownOperationException",
        "No operation matches " + method + " " + path, -1);
  }

  /** Any error raised by shared simulator code (JSON parsing, behaviour headers). */
  static BedrockApiException translate(MockApiException e) {
    return e.status == 400 && e.getMessage().startsWith("We could not")
        ? validation("Malformed input request, please reformat your input and try again.")
        : new BedrockApiException(e.status, typeFor(e.status), e.getMessage(),
            e.retryAfterSeconds);
  }

  /** The error a real Bedrock runtime would send with {@code status}, for injected failures. */
  static BedrockApiException forStatus(int status, long retryAfterSeconds) {
    String message = switch (status) {
      case 400 -> "The model returned the following errors: invalid request";
      case 403 -> "You don't have access to the model with the specified model ID.";
      case 404 -> "The provided model identifier is invalid.";
      case 408 -> "Model has timed out in processing the request. Try your request again.";
      case 424 -> "The model returned an error while processing the request.";
      case 429 -> "Too many requests, please wait before trying again.";
      case 503 -> "The service isn't currently available. Try again later.";
      default -> status >= 500 ? "The server encountered an internal error."
          : "Request failed with status " + status + ".";
    };
    boolean retry = status == 429 || status == 503;
    return new BedrockApiException(status, typeFor(status), message,
        retry ? retryAfterSeconds : -1);
  }

  static String typeFor(int status) {
    return switch (status) {
      case 400 -> "ValidationException";
      case 403 -> "AccessDeniedException";
      case 404 -> "ResourceNotFoundException";
      case 408 -> "ModelTimeoutException";
      case 424 -> "ModelErrorException";
      case 429 -> "ThrottlingException";
      case 503 -> "ServiceUnavailableException";
      default -> status >= 500 ? "InternalServerException" : "ValidationException";
    };
  }

  static void send(HttpServerResponse response, BedrockApiException e) {
    response.setStatusCode(e.status);
    response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.APPLICATION_JSON);
    response.putHeader("x-amzn-ErrorType", e.type + TYPE_SUFFIX);
    if (e.retryAfterSeconds >= 0) {
      response.putHeader(MockHttp.RETRY_AFTER, Long.toString(e.retryAfterSeconds));
    }
    response.end(MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("message", e.getMessage());
      g.writeEndObject();
    }));
  }

  /**
   * The exception frame ConverseStream sends when a failure strikes after the 200: its
   * {@code :exception-type} is the error's name in lower camel case
   * ({@code throttlingException}).
   */
  static Buffer frame(BedrockApiException e) {
    String type = Character.toLowerCase(e.type.charAt(0)) + e.type.substring(1);
    byte[] payload = MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("message", e.getMessage());
      g.writeEndObject();
    }).getBytes();
    return BedrockStream.encode(new Message(Map.of(
        ":message-type", HeaderValue.fromString("exception"),
        ":exception-type", HeaderValue.fromString(type),
        ":content-type", HeaderValue.fromString("application/json")), payload));
  }
}
