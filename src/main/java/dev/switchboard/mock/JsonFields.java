package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of request fields that fail the way the real API does ({@code invalid_type},
 * {@code missing_required_parameter}, {@code integer_below_min_value} …).
 *
 * <p>Stateless; safe from any thread. An explicit JSON {@code null} counts as absent, as it does
 * upstream.
 */
final class JsonFields {

  private JsonFields() {}

  /** The request's model: required, a string. */
  static String model(JsonNode body) {
    JsonNode n = body.get("model");
    if (absent(n)) {
      throw MockErrors.noModel();
    }
    if (!n.isTextual()) {
      throw MockErrors.invalidType("model", "a string", describe(n));
    }
    return n.textValue();
  }

  static String string(JsonNode obj, String field, String path, String fallback) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw MockErrors.invalidType(path, "a string", describe(n));
    }
    return n.textValue();
  }

  static String requiredString(JsonNode obj, String field, String path) {
    String value = string(obj, field, path, null);
    if (value == null) {
      throw MockErrors.missing(path);
    }
    return value;
  }

  static boolean bool(JsonNode obj, String field, boolean fallback) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw MockErrors.invalidType(field, "a boolean", describe(n));
    }
    return n.booleanValue();
  }

  /** An integer within [min, max]; {@code fallback} (possibly null) when absent. */
  static Integer integer(JsonNode obj, String field, Integer fallback, long min, long max) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return fallback;
    }
    if (!n.isIntegralNumber()) {
      throw MockErrors.invalidType(field, "an integer", describe(n));
    }
    long v = n.longValue();
    if (v < min) {
      throw MockErrors.belowMin(field, min, v);
    }
    if (v > max) {
      throw MockErrors.aboveMax(field, max, v);
    }
    return (int) v;
  }

  /** A number within [min, max] when present; only validated, the simulator ignores its value. */
  static void number(JsonNode obj, String field, double min, double max) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return;
    }
    if (!n.isNumber()) {
      throw MockErrors.invalidType(field, "a decimal", describe(n));
    }
    double v = n.doubleValue();
    if (v < min) {
      throw MockErrors.invalid(
          "Invalid '" + field + "': decimal below minimum value. Expected a value >= " + fmt(min)
              + ", but got " + n.asText() + " instead.",
          field,
          "decimal_below_min_value");
    }
    if (v > max) {
      throw MockErrors.invalid(
          "Invalid '" + field + "': decimal above maximum value. Expected a value <= " + fmt(max)
              + ", but got " + n.asText() + " instead.",
          field,
          "decimal_above_max_value");
    }
  }

  /** An object, or null when absent. */
  static JsonNode object(JsonNode obj, String field, String path) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return null;
    }
    if (!n.isObject()) {
      throw MockErrors.invalidType(path, "an object", describe(n));
    }
    return n;
  }

  /** An array, or null when absent. */
  static JsonNode array(JsonNode obj, String field, String path) {
    JsonNode n = obj.get(field);
    if (absent(n)) {
      return null;
    }
    if (!n.isArray()) {
      throw MockErrors.invalidType(path, "an array", describe(n));
    }
    return n;
  }

  static boolean absent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  /** How the real API names a JSON value's type in its messages. */
  static String describe(JsonNode n) {
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isIntegralNumber()) {
      return "an integer";
    }
    if (n.isNumber()) {
      return "a decimal";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isObject()) {
      return "an object";
    }
    return "null";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
