package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;

/**
 * The simulator's error vocabulary: factories for the errors the real OpenAI API returns, with its
 * messages, types and codes, and the single place that renders them.
 *
 * <p>Stateless; safe from any thread.
 */
final class MockErrors {

  static final String INVALID_REQUEST = "invalid_request_error";
  static final String SERVER_ERROR = "server_error";

  private MockErrors() {}

  static MockApiException invalidJson() {
    return invalid(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
            + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but what"
            + " was sent was not valid JSON.)",
        null,
        null);
  }

  static MockApiException noModel() {
    return invalid("you must provide a model parameter", null, null);
  }

  static MockApiException missing(String param) {
    return invalid(
        "Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
  }

  static MockApiException invalidType(String param, String expected, String got) {
    return invalid(
        "Invalid type for '" + param + "': expected " + expected + ", but got " + got
            + " instead.",
        param,
        "invalid_type");
  }

  static MockApiException invalidValue(String param, String value, String supported) {
    return invalid(
        "Invalid value: '" + value + "'. Supported values are: " + supported + ".",
        param,
        "invalid_value");
  }

  static MockApiException belowMin(String param, long min, long got) {
    return invalid(
        "Invalid '" + param + "': integer below minimum value. Expected a value >= " + min
            + ", but got " + got + " instead.",
        param,
        "integer_below_min_value");
  }

  static MockApiException aboveMax(String param, long max, long got) {
    return invalid(
        "Invalid '" + param + "': integer above maximum value. Expected a value <= " + max
            + ", but got " + got + " instead.",
        param,
        "integer_above_max_value");
  }

  static MockApiException emptyArray(String param) {
    return invalid(
        "Invalid '" + param + "': empty array. Expected an array with minimum length 1, but got"
            + " an empty array instead.",
        param,
        "empty_array");
  }

  static MockApiException invalid(String message, String param, String code) {
    return new MockApiException(400, message, INVALID_REQUEST, param, code);
  }

  static MockApiException missingApiKey() {
    return new MockApiException(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization"
            + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an"
            + " API key from https://platform.openai.com/account/api-keys.",
        INVALID_REQUEST,
        null,
        null);
  }

  static MockApiException wrongApiKey(String key) {
    return new MockApiException(
        401,
        "Incorrect API key provided: " + redact(key) + ". You can find your API key at"
            + " https://platform.openai.com/account/api-keys.",
        INVALID_REQUEST,
        null,
        "invalid_api_key");
  }

  static MockApiException azureUnauthorized() {
    return new MockApiException(
        401,
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide"
            + " a valid key for an active subscription and use a correct regional API endpoint for"
            + " your resource.",
        null,
        null,
        "401",
        -1,
        true);
  }

  static MockApiException azureNotFound() {
    return new MockApiException(404, "Resource not found", null, null, "404", -1, true);
  }

  static MockApiException modelNotFound(String model) {
    return new MockApiException(
        404,
        "The model '" + model + "' does not exist or you do not have access to it.",
        INVALID_REQUEST,
        null,
        "model_not_found");
  }

  static MockApiException invalidUrl(String method, String path) {
    return new MockApiException(
        404, "Invalid URL (" + method + " " + path + ")", INVALID_REQUEST, null, null);
  }

  static MockApiException methodNotAllowed(String method, String path) {
    return new MockApiException(
        405,
        "Method not allowed (" + method + " " + path + ")",
        INVALID_REQUEST,
        null,
        "method_not_allowed");
  }

  static MockApiException badMockHeader(String header, String value) {
    return invalid(
        "Invalid value for simulator header '" + header + "': '" + value + "'.", header, null);
  }

  /** The error a real upstream would send with {@code status}, used for injected failures. */
  static MockApiException forStatus(int status, String model, long retryAfterSeconds) {
    String m = model == null ? "gpt-4o" : model;
    return switch (status) {
      case 401 -> wrongApiKey("sk-simulated-invalid-key");
      case 403 -> new MockApiException(
          403, "Country, region, or territory not supported", "request_forbidden", null,
          "unsupported_country_region_territory");
      case 404 -> modelNotFound(m);
      case 429 -> new MockApiException(
          429,
          "Rate limit reached for " + m + " in organization org-switchboard-mock on requests per"
              + " min (RPM): Limit 500, Used 500, Requested 1. Please try again in "
              + retryAfterSeconds + "s. Visit https://platform.openai.com/account/rate-limits to"
              + " learn more.",
          "requests", null, "rate_limit_exceeded", retryAfterSeconds, false);
      case 500 -> serverError();
      case 502 -> new MockApiException(502, "Bad gateway.", SERVER_ERROR, null, null);
      case 503 -> new MockApiException(
          503, "The server is overloaded or not ready yet.", SERVER_ERROR, null, null,
          retryAfterSeconds, false);
      case 504 -> new MockApiException(504, "Gateway timeout.", SERVER_ERROR, null, null);
      default -> status >= 500
          ? new MockApiException(status, "The server had an error while processing your request.",
              SERVER_ERROR, null, null)
          : new MockApiException(status, "Request failed with status " + status + ".",
              INVALID_REQUEST, null, null);
    };
  }

  static MockApiException serverError() {
    return new MockApiException(
        500,
        "The server had an error while processing your request. Sorry about that!",
        SERVER_ERROR,
        null,
        null);
  }

  /** Writes the error as the whole answer. Callers check {@code response.closed()} first. */
  static void send(HttpServerResponse response, MockApiException e) {
    response.setStatusCode(e.status);
    response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.APPLICATION_JSON);
    if (e.retryAfterSeconds >= 0) {
      response.putHeader(MockHttp.RETRY_AFTER, Long.toString(e.retryAfterSeconds));
    }
    if (e.status == 429 && e.envelope == MockApiException.Envelope.OPENAI) {
      // Clients that pace themselves read these, so a realistic 429 carries them too.
      response.putHeader("x-ratelimit-limit-requests", "500");
      response.putHeader("x-ratelimit-remaining-requests", "0");
      response.putHeader("x-ratelimit-reset-requests", e.retryAfterSeconds + "s");
    }
    response.end(render(e));
  }

  static Buffer render(MockApiException e) {
    if (e.envelope == MockApiException.Envelope.ANTHROPIC) {
      return AnthropicErrors.render(e);
    }
    if (e.envelope == MockApiException.Envelope.GOOGLE) {
      return GeminiErrors.render(e);
    }
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      if (e.envelope == MockApiException.Envelope.AZURE) {
        g.writeStringField("code", e.code);
        g.writeStringField("message", e.getMessage());
      } else {
        g.writeStringField("message", e.getMessage());
        g.writeStringField("type", e.type);
        writeNullable(g, "param", e.param);
        writeNullable(g, "code", e.code);
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void writeNullable(JsonGenerator g, String field, String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  /** OpenAI echoes only the ends of a wrong key, so logs of the answer never leak it. */
  private static String redact(String key) {
    if (key == null || key.length() < 8) {
      return "sk-***";
    }
    return key.substring(0, 3) + "***" + key.substring(key.length() - 4);
  }
}
