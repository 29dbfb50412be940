package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamErrorText;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import software.amazon.eventstream.Message;

/**
 * Maps Bedrock error answers — an HTTP status with the error's name in {@code x-amzn-ErrorType}
 * (or {@code __type}) and {@code {"message": …}}, or an exception frame inside an event stream —
 * to a {@link GatewayException}. Throttling and unavailable models stay retryable so the next
 * deployment is tried; a validation error about the input's size is a context-length error.
 *
 * <p>Threading: stateless.
 */
final class BedrockErrors {
  private BedrockErrors() {}

  static GatewayException map(UpstreamTarget target, int status, MultiMap headers, Buffer body) {
    JsonNode json = parse(body);
    String type = errorType(headers == null ? null : headers.get("x-amzn-ErrorType"), json);
    String message = message(json, body);
    String retryAfter = headers == null ? null : headers.get("retry-after");
    return UpstreamErrorText.of(kind(status, type, message), target, status, message,
        retryAfter, body);
  }

  /**
   * The error's short name: AWS writes {@code ThrottlingException:http://internal…} in the header
   * and sometimes a namespaced {@code com.amazon…#ThrottlingException} in {@code __type}.
   */
  static String errorType(String header, JsonNode json) {
    String t = header != null ? header : json == null ? "" : json.path("__type").asText("");
    int colon = t.indexOf(':');
    if (colon >= 0) {
      t = t.substring(0, colon);
    }
    int hash = t.lastIndexOf('#');
    return hash >= 0 ? t.substring(hash + 1) : t;
  }

  static ErrorKind kind(int status, String type, String message) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "throttlingexception", "servicequotaexceededexception",
          "toomanyrequestsexception" -> ErrorKind.RATE_LIMITED;
      case "accessdeniedexception", "unrecognizedclientexception", "invalidsignatureexception",
          "expiredtokenexception", "incompletesignatureexception",
          "missingauthenticationtokenexception" -> ErrorKind.UPSTREAM_AUTHENTICATION;
      case "resourcenotfoundexception" -> ErrorKind.MODEL_NOT_FOUND;
      case "modeltimeoutexception" -> ErrorKind.UPSTREAM_TIMEOUT;
      case "modelnotreadyexception", "serviceunavailableexception" ->
          ErrorKind.UPSTREAM_UNAVAILABLE;
      case "validationexception" -> inputTooLong(message) ? ErrorKind.CONTEXT_LENGTH_EXCEEDED
          : ErrorKind.UPSTREAM_INVALID_REQUEST;
      case "modelerrorexception", "modelstreamerrorexception", "internalserverexception" ->
          ErrorKind.UPSTREAM_ERROR;
      default -> byStatus(status, message);
    };
  }

  private static ErrorKind byStatus(int status, String message) {
    if (status == 401 || status == 403) {
      return ErrorKind.UPSTREAM_AUTHENTICATION;
    }
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status == 404) {
      return ErrorKind.MODEL_NOT_FOUND;
    }
    if (status == 408 || status == 504) {
      return ErrorKind.UPSTREAM_TIMEOUT;
    }
    if (status == 413) {
      return ErrorKind.PAYLOAD_TOO_LARGE;
    }
    if (status >= 400 && status < 500) {
      return inputTooLong(message) ? ErrorKind.CONTEXT_LENGTH_EXCEEDED
          : ErrorKind.UPSTREAM_INVALID_REQUEST;
    }
    return status == 503 ? ErrorKind.UPSTREAM_UNAVAILABLE : ErrorKind.UPSTREAM_ERROR;
  }

  /**
   * Bedrock passes on the model's own wording: "Input is too long for requested model",
   * "prompt is too long: N tokens > M maximum", "…exceeds the context window…".
   */
  static boolean inputTooLong(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("too long") || m.contains("context window") || m.contains("context length")
        || m.contains("maximum context") || (m.contains("exceed") && m.contains("token"));
  }

  /** The failure an exception frame in the middle of a stream stands for. */
  static GatewayException streamError(Message frame) {
    String type = BedrockStreamDecoder.header(frame, ":exception-type");
    if (type.isEmpty()) {
      type = BedrockStreamDecoder.header(frame, ":error-code");
    }
    String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
    JsonNode json = parse(Buffer.buffer(frame.getPayload()));
    String message = json != null ? json.path("message").asText(payload)
        : BedrockStreamDecoder.header(frame, ":error-message");
    ErrorKind kind = kind(0, type, message); // status 0: an unnamed failure is the provider's
    return GatewayException.builder(kind, "The provider reported an error in the middle of the"
            + " stream (" + (type.isEmpty() ? "unknown" : type) + "): " + message)
        .upstreamBody(payload.length() > 2000 ? payload.substring(0, 2000) : payload).build();
  }

  private static String message(JsonNode json, Buffer body) {
    if (json != null) {
      // AWS JSON protocols spell it "message" or "Message"
      String m = json.path("message").asText(json.path("Message").asText(""));
      if (!m.isEmpty()) {
        return m;
      }
    }
    return Json.excerpt(body, 300);
  }

  private static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body.getBytes());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
