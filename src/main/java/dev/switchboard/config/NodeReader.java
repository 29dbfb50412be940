package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;

/**
 * Reads one YAML mapping with path tracking: every problem is recorded as
 * {@code <path>: <message>} in a list shared by the whole load, and the read goes on with the
 * default, so a single pass reports every mistake in the file.
 *
 * <p>Scalar strings are expanded with {@link EnvInterpolator} as they are read. Every field a
 * section asks about is remembered; {@link #rejectUnknownFields()} then reports the rest as
 * unknown, with a did-you-mean, so the accepted names are exactly the names the code reads.
 *
 * <p>Not thread-safe: one reader belongs to one load on one thread.
 */
final class NodeReader {
  private final ObjectNode node;
  private final String path;
  private final Map<String, String> env;
  private final List<String> errors;
  private final Set<String> asked = new LinkedHashSet<>();

  private NodeReader(ObjectNode node, String path, Map<String, String> env, List<String> errors) {
    this.node = node;
    this.path = path;
    this.env = env;
    this.errors = errors;
  }

  /** A reader of the document root; a missing or empty document reads as an empty mapping. */
  static NodeReader root(JsonNode doc, Map<String, String> env, List<String> errors) {
    NodeReader r = new NodeReader(emptyObject(), "", env, errors);
    if (doc == null || doc.isMissingNode() || doc.isNull()) {
      return r;
    }
    if (!doc.isObject()) {
      r.errorHere("expected a mapping of sections (server, upstream, routing, providers, models, storage),"
          + " got " + kind(doc));
      return r;
    }
    return new NodeReader((ObjectNode) doc, "", env, errors);
  }

  /** The environment values are expanded against (for defaults that come from it). */
  Map<String, String> env() {
    return env;
  }

  /** The dotted path of {@code field} below this mapping. */
  String pathOf(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Records a problem with {@code field}. */
  void error(String field, String message) {
    errors.add(pathOf(field) + ": " + message);
  }

  /** Records a problem with this mapping as a whole. */
  void errorHere(String message) {
    errors.add((path.isEmpty() ? "(root)" : path) + ": " + message);
  }

  /** Whether {@code field} is given a non-null value (marks it as known). */
  boolean present(String field) {
    return raw(field) != null;
  }

  /** The field's node, or null when absent or YAML null (marks it as known). */
  JsonNode raw(String field) {
    asked.add(field);
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /**
   * The field as a string after interpolation; empty when absent or when it could not be read (that
   * is then already reported). Numbers and booleans are accepted as their text.
   */
  Optional<String> string(String field) {
    return scalar(field, "a string").map(Scalar::value);
  }

  /** The field as a string, or {@code def} when absent or unreadable. */
  String string(String field, String def) {
    return string(field).orElse(def);
  }

  /** The field as an integer within {@code [min, max]}, or {@code def}. */
  int integer(String field, int def, int min, int max) {
    Optional<Scalar> s = scalar(field, "an integer");
    if (s.isEmpty()) {
      return def;
    }
    try {
      long v = Long.parseLong(s.get().value().trim());
      if (v >= min && v <= max) {
        return (int) v;
      }
    } catch (NumberFormatException e) {
      // reported below with the range, which tells the reader more than "not a number"
    }
    String range = max == Integer.MAX_VALUE
        ? "an integer of at least " + min : "an integer between " + min + " and " + max;
    error(field, "must be " + range + ", got " + s.get().describe());
    return def;
  }

  /** The field as a boolean ({@code true}/{@code false}, any case), or {@code def}. */
  boolean bool(String field, boolean def) {
    Optional<Scalar> s = scalar(field, "true or false");
    if (s.isEmpty()) {
      return def;
    }
    String v = s.get().value().trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    error(field, "must be true or false, got " + s.get().describe());
    return def;
  }

  /** The field as a duration, or {@code def}; zero is accepted only when {@code allowZero}. */
  Duration duration(String field, Duration def, boolean allowZero) {
    Optional<Scalar> s = scalar(field, Units.DURATION_FORMS);
    if (s.isEmpty()) {
      return def;
    }
    Optional<Duration> d = Units.parseDuration(s.get().value());
    if (d.isEmpty()) {
      error(field, "must be " + Units.DURATION_FORMS + ", got " + s.get().describe());
      return def;
    }
    if (d.get().isZero() && !allowZero) {
      error(field, "must be greater than zero, got " + s.get().describe());
      return def;
    }
    return d.get();
  }

  /** The field as a positive number of bytes, or {@code def}. */
  long size(String field, long def) {
    Optional<Scalar> s = scalar(field, Units.SIZE_FORMS);
    if (s.isEmpty()) {
      return def;
    }
    OptionalLong n = Units.parseSize(s.get().value());
    if (n.isEmpty()) {
      error(field, "must be " + Units.SIZE_FORMS + ", got " + s.get().describe());
      return def;
    }
    if (n.getAsLong() == 0) {
      error(field, "must be greater than zero, got " + s.get().describe());
      return def;
    }
    return n.getAsLong();
  }

  /**
   * The field as a number accepted by {@code valid}, or {@code def}; {@code expected} describes the
   * accepted values for the error message ("a number of at least 0").
   */
  double number(String field, double def, DoublePredicate valid, String expected) {
    Optional<Scalar> s = scalar(field, expected);
    if (s.isEmpty()) {
      return def;
    }
    try {
      // BigDecimal, not Double.parseDouble: that one also takes NaN, Infinity, 0x1p3 and "1d"
      double v = new BigDecimal(s.get().value().trim()).doubleValue();
      if (Double.isFinite(v) && valid.test(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    error(field, "must be " + expected + ", got " + s.get().describe());
    return def;
  }

  /** One string read from a list, with its field ({@code aliases[2]}) for errors. Immutable. */
  record Item(String value, String field) {}

  /**
   * The field as a list of strings (empty when absent), each interpolated. Items that are not
   * scalars or fail to interpolate are reported at {@code field[i]} and left out.
   */
  List<Item> stringList(String field) {
    JsonNode v = raw(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      error(field, "expected a list, got " + kind(v));
      return List.of();
    }
    List<Item> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      String itemField = field + "[" + i + "]";
      JsonNode item = v.get(i);
      if (item.isNull()) {
        error(itemField, "expected a string, got nothing");
        continue;
      }
      scalar(item, itemField, "a string").ifPresent(s -> out.add(new Item(s.value(), itemField)));
    }
    return out;
  }

  /** The field as a mapping of strings to strings (empty when absent), values interpolated. */
  Map<String, String> stringMap(String field) {
    NodeReader m = object(field);
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<String> it = m.node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (m.present(key)) {
        m.string(key).ifPresent(v -> out.put(key, v));
      } else {
        m.error(key, "expected a string, got nothing");
      }
    }
    return out;
  }

  /** The field as a nested mapping; an empty one when absent (or of the wrong type, reported). */
  NodeReader object(String field) {
    JsonNode v = raw(field);
    if (v != null && !v.isObject()) {
      error(field, "expected a mapping, got " + kind(v));
    }
    ObjectNode child = v != null && v.isObject() ? (ObjectNode) v : emptyObject();
    return new NodeReader(child, pathOf(field), env, errors);
  }

  /**
   * The field as a mapping whose values are mappings ({@code providers:}, {@code models:}), in
   * document order. A null value reads as an empty mapping; other values are reported and skipped.
   */
  Map<String, NodeReader> objectEntries(String field) {
    NodeReader m = object(field);
    Map<String, NodeReader> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : m.node.properties()) {
      m.asked.add(e.getKey());
      JsonNode v = e.getValue();
      if (v.isNull() || v.isObject()) {
        ObjectNode child = v.isObject() ? (ObjectNode) v : emptyObject();
        out.put(e.getKey(), new NodeReader(child, m.pathOf(e.getKey()), env, errors));
      } else {
        m.error(e.getKey(), "expected a mapping, got " + kind(v));
      }
    }
    return out;
  }

  /**
   * Calls {@code action} with a reader for each mapping in the list {@code field} (path
   * {@code field[i]}), in order; other items are reported in their turn and skipped.
   */
  void forEachObject(String field, Consumer<NodeReader> action) {
    JsonNode v = raw(field);
    if (v == null) {
      return;
    }
    if (!v.isArray()) {
      error(field, "expected a list, got " + kind(v));
      return;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPath = pathOf(field) + "[" + i + "]";
      if (item.isObject()) {
        action.accept(new NodeReader((ObjectNode) item, itemPath, env, errors));
      } else {
        errors.add(itemPath + ": expected a mapping, got " + kind(item));
      }
    }
  }

  /** Reports every field of this mapping that no read asked about. Call after all reads. */
  void rejectUnknownFields() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!asked.contains(name)) {
        error(name, "unknown field" + DidYouMean.hint(name, asked));
      }
    }
  }

  /** A scalar's text after interpolation, and what was written, for error messages. */
  private record Scalar(String value, String written) {
    /** {@code 'value'}, plus the written form when interpolation changed it. */
    String describe() {
      return "'" + value + "'" + (value.equals(written) ? "" : " (from '" + written + "')");
    }
  }

  private Optional<Scalar> scalar(String field, String expected) {
    JsonNode v = raw(field);
    return v == null ? Optional.empty() : scalar(v, field, expected);
  }

  /** {@code v} as a scalar; {@code field} (relative to this mapping) is where errors go. */
  private Optional<Scalar> scalar(JsonNode v, String field, String expected) {
    if (v.isContainerNode()) {
      error(field, "expected " + expected + ", got " + kind(v));
      return Optional.empty();
    }
    String written = v.asText();
    if (!v.isTextual()) {
      return Optional.of(new Scalar(written, written));
    }
    EnvInterpolator.Result r = EnvInterpolator.interpolate(written, env);
    if (!r.ok()) {
      r.errors().forEach(e -> error(field, e));
      return Optional.empty();
    }
    return Optional.of(new Scalar(r.value(), written));
  }

  private static String kind(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isNumber()) {
      return "a number";
    }
    return "a string";
  }

  private static ObjectNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
