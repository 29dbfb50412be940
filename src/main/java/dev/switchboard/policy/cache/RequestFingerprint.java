package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The cache key of a chat request: SHA-256 over a canonical form of the request body, so that two
 * requests that must get the same answer share a key however their JSON was written. Canonical
 * means object keys sorted, numbers in one spelling ({@code 1}, {@code 1.0} and {@code 1e0} are
 * equal) and the fields that only shape delivery or bookkeeping left out ({@link #IGNORED}).
 * Everything else counts, including fields the gateway does not know: a conservative key never
 * serves an answer to a request that differs in a way that could matter.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class RequestFingerprint {
  /** Fields that never change the answer: how it is delivered, and who asked. */
  static final Set<String> IGNORED = Set.of("stream", "stream_options", "user", "metadata",
      "store", "prompt_cache_key", "safety_identifier", "service_tier");

  private RequestFingerprint() {}

  /** The hex SHA-256 of {@code partition} and the canonical {@code body}. */
  static String of(String partition, JsonNode body) {
    StringBuilder b = new StringBuilder(256).append(partition).append('\n');
    writeTopLevel(body, b);
    return HexFormat.of().formatHex(sha256().digest(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The canonical text of the body without the ignored fields (for tests and debugging). */
  static String canonical(JsonNode body) {
    StringBuilder b = new StringBuilder(256);
    writeTopLevel(body, b);
    return b.toString();
  }

  private static void writeTopLevel(JsonNode body, StringBuilder b) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(n -> {
      if (!IGNORED.contains(n)) {
        names.add(n);
      }
    });
    writeObject(body, names, b);
  }

  private static void write(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>(n.size());
      n.fieldNames().forEachRemaining(names::add);
      writeObject(n, names, b);
    } else if (n.isArray()) {
      b.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(n.get(i), b);
      }
      b.append(']');
    } else if (n.isNumber()) {
      b.append(number(n));
    } else {
      // text, booleans and null: Jackson's JSON spelling is already canonical (escaped strings)
      b.append(n.toString());
    }
  }

  private static void writeObject(JsonNode n, List<String> names, StringBuilder b) {
    names.sort(null);
    b.append('{');
    boolean first = true;
    for (String name : names) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(name)).append(':');
      write(n.get(name), b);
    }
    b.append('}');
  }

  private static String number(JsonNode n) {
    BigDecimal d = n.decimalValue();
    if (d.signum() == 0) {
      return "0";
    }
    return d.stripTrailingZeros().toPlainString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
