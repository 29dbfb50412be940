package dev.switchboard.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON object body of a governance admin request, with typed field readers that answer 400
 * naming the field ({@code param}) for anything malformed: a body that is not a JSON object,
 * unknown or duplicate fields, wrong types, out-of-range values. An absent field and a JSON
 * {@code null} both read as "not given" unless the caller asks {@link #isNull}.
 *
 * <p>Threading: immutable after parsing; used on one worker thread.
 */
final class GovernanceBody {
  /** Longest accepted name, e-mail, reason or label. */
  static final int MAX_TEXT = 256;
  // Floats as BigDecimal so dollar amounts convert to micro-dollars exactly; duplicate keys are
  // refused, since which of two values wins would otherwise be a guess.
  private static final ObjectReader READER = Json.MAPPER.reader()
      .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
          DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final JsonNode node;

  private GovernanceBody(JsonNode node) {
    this.node = node;
  }

  /**
   * Parses a body that must be a JSON object holding only {@code allowed} fields; with
   * {@code optional}, an empty body reads as {@code {}}.
   */
  static GovernanceBody parse(byte[] raw, boolean optional, Set<String> allowed) {
    if (raw.length == 0 || new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      if (optional) {
        return new GovernanceBody(Json.MAPPER.createObjectNode());
      }
      throw GatewayException.invalid(null, "Send a JSON object body with the fields: "
          + String.join(", ", allowed) + ".");
    }
    JsonNode n;
    try {
      n = READER.readTree(raw);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "The body is not valid JSON: " + firstLine(e) + ".");
    }
    if (n == null || !n.isObject()) {
      throw GatewayException.invalid(null, "The body must be a JSON object, e.g. {\"name\":"
          + " \"…\"}.");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw GatewayException.invalid(f, "Unknown field '" + f + "'. This request accepts: "
            + (allowed.isEmpty() ? "no fields" : String.join(", ", allowed)) + ".");
      }
    }
    return new GovernanceBody(n);
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Whether the field is present (even as null). */
  boolean has(String field) {
    return node.has(field);
  }

  /** Whether the field is present and JSON null. */
  boolean isNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  /** Whether any of the fields is present. */
  boolean hasAny(Set<String> fields) {
    for (String f : fields) {
      if (node.has(f)) {
        return true;
      }
    }
    return false;
  }

  /** A required non-blank string, stripped. */
  String requiredText(String field) {
    String s = text(field);
    if (s == null) {
      throw GatewayException.invalid(field, "'" + field + "' is required: a non-empty string.");
    }
    return s;
  }

  /** A non-blank string, stripped; null when absent or null. */
  String text(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(field, "a string");
    }
    String s = v.asText().strip();
    if (s.isEmpty() || s.length() > MAX_TEXT || GovernanceCall.CONTROL.matcher(s).find()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a non-empty string of at"
          + " most " + MAX_TEXT + " characters, without control characters.");
    }
    return s;
  }

  /** A whole number from 0 to {@code max}; null when absent or null. */
  Long count(String field, long max) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()
        || v.asLong() < 0 || v.asLong() > max) {
      throw GatewayException.invalid(field, "'" + field + "' must be a whole number from 0 to "
          + max + " (or null for no limit).");
    }
    return v.asLong();
  }

  /** A dollar amount as micro-dollars; null when absent or null. */
  Long usdMicros(String field, boolean mayBeNegative) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw wrongType(field, "a number of US dollars");
    }
    BigDecimal d = v.decimalValue();
    if (!mayBeNegative && d.signum() < 0) {
      throw GatewayException.invalid(field, "'" + field + "' must not be negative.");
    }
    return GovernanceValues.micros(field, d);
  }

  /** A list of non-blank strings; null when absent or null. */
  List<String> strings(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongType(field, "an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > MAX_TEXT) {
        throw GatewayException.invalid(field, "'" + field + "' must be an array of non-empty"
            + " strings.");
      }
      if (!out.contains(e.asText().strip())) {
        out.add(e.asText().strip());
      }
    }
    return out;
  }

  /** An object of string labels; null when absent or null. */
  Map<String, String> labels(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(field, "an object of string values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() || e.getKey().isEmpty() || e.getKey().length() > MAX_TEXT
          || e.getValue().asText().length() > 4 * MAX_TEXT) {
        throw GatewayException.invalid(field, "'" + field + "' must be an object of string"
            + " values, e.g. {\"env\": \"prod\"}; '" + e.getKey() + "' is not.");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** A time (epoch seconds or ISO-8601 text) as epoch ms; null when absent or null. */
  Long time(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return GovernanceValues.parseTime(field, v.asText());
    }
    if (v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong()) {
      return GovernanceValues.seconds(field, v.asLong());
    }
    throw GovernanceValues.badTime(field);
  }

  private JsonNode value(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private static GatewayException wrongType(String field, String expected) {
    return GatewayException.invalid(field, "'" + field + "' must be " + expected + ".");
  }
}
