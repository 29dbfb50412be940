package dev.switchboard.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Shared JSON helpers for adapters: one {@link ObjectMapper}, and a streaming scan that reads a
 * top-level field without building a tree of the whole document (answers can be megabytes).
 *
 * <p>Threading: stateless; the mapper is thread-safe once configured.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Writes characters outside the BMP (emoji) as plain UTF-8, the way providers send them, rather
   * than as escaped surrogate pairs: for answers the gateway re-encodes from another API family.
   */
  public static final ObjectWriter UTF8_WRITER =
      MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** {@code node} as UTF-8 JSON bytes (emoji written plainly, see {@link #UTF8_WRITER}). */
  public static Buffer buffer(JsonNode node) {
    try {
      return Buffer.buffer(UTF8_WRITER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Reads the top-level field {@code name} of a JSON object, or null if absent or not an object. */
  public static JsonNode topLevelField(Buffer json, String name) {
    byte[] bytes = json.getBytes();
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (name.equals(field)) {
          return MAPPER.readTree(p);
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The top-level OpenAI {@code usage} object of a response, read with the streaming parser only
   * (no tree, no data binding: this runs for every answer). UNKNOWN if absent or null.
   */
  public static Usage openAiUsage(Buffer json) {
    // OpenAI-compatible servers put usage at the end of the answer: try parsing from its key first,
    // which skips the choices entirely; fall back to a scan of the whole document.
    // The scan works on one copy of the answer's tail: reading a Buffer byte by byte pays a bounds
    // and reference-count check per byte, and the parser wants an array anyway.
    int len = json.length();
    int from = Math.max(0, len - USAGE_TAIL_WINDOW);
    byte[] end = json.getBytes(from, len);
    Usage tail = usageFromLastKey(end);
    if (tail != null) {
      return tail;
    }
    try (JsonParser p = FACTORY.createParser(from == 0 ? end : json.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Usage.UNKNOWN;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("usage".equals(field)) {
          return t == JsonToken.START_OBJECT ? readUsage(p) : Usage.UNKNOWN;
        }
        p.skipChildren();
      }
      return Usage.UNKNOWN;
    } catch (IOException e) {
      return Usage.UNKNOWN;
    }
  }

  private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
  /** How much of an answer's end is searched for its usage (a usage object is a few hundred bytes). */
  private static final int USAGE_TAIL_WINDOW = 4096;

  /**
   * Usage read from the object after the last {@code "usage"} key, or null if there is none or it
   * is not an object. A key can only be a key here: inside JSON strings quotes are escaped.
   */
  private static Usage usageFromLastKey(byte[] json) {
    int len = json.length;
    outer:
    for (int i = len - USAGE_KEY.length; i >= 0; i--) {
      for (int j = 0; j < USAGE_KEY.length; j++) {
        if (json[i + j] != USAGE_KEY[j]) {
          continue outer;
        }
      }
      int k = i + USAGE_KEY.length;
      while (k < len && (json[k] == ' ' || json[k] == ':' || json[k] == '\n' || json[k] == '\r'
          || json[k] == '\t')) {
        k++;
      }
      if (k >= len || json[k] != '{') {
        return null;
      }
      try (JsonParser p = FACTORY.createParser(json, k, len - k)) {
        return p.nextToken() == JsonToken.START_OBJECT ? readUsage(p) : null;
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  private static Usage readUsage(JsonParser p) throws IOException {
    long prompt = 0;
    long completion = 0;
    long cached = 0;
    long reasoning = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if ("prompt_tokens".equals(f) && t.isNumeric()) {
        prompt = p.getLongValue();
      } else if ("completion_tokens".equals(f) && t.isNumeric()) {
        completion = p.getLongValue();
      } else if ("prompt_tokens_details".equals(f) && t == JsonToken.START_OBJECT) {
        cached = nestedLong(p, "cached_tokens");
      } else if ("completion_tokens_details".equals(f) && t == JsonToken.START_OBJECT) {
        reasoning = nestedLong(p, "reasoning_tokens");
      } else {
        p.skipChildren();
      }
    }
    return new Usage(prompt, completion, cached, reasoning, true);
  }

  private static long nestedLong(JsonParser p, String name) throws IOException {
    long value = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals(f) && t.isNumeric()) {
        value = p.getLongValue();
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  /**
   * Whether the JSON text has a field {@code "name"} whose value starts an object: a cheap byte
   * test that tells {@code "usage":{…}} from the {@code "usage":null} most stream chunks carry.
   */
  public static boolean hasObjectField(Buffer json, byte[] quotedName) {
    int n = quotedName.length;
    int len = json.length();
    outer:
    for (int i = 0; i + n <= len; i++) {
      for (int j = 0; j < n; j++) {
        if (json.getByte(i + j) != quotedName[j]) {
          continue outer;
        }
      }
      int k = i + n;
      while (k < len && (json.getByte(k) == ' ' || json.getByte(k) == ':')) {
        k++;
      }
      if (k < len && json.getByte(k) == '{') {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code needle} occurs in {@code haystack} (ASCII needles only). */
  public static boolean contains(Buffer haystack, byte[] needle) {
    int n = needle.length;
    int last = haystack.length() - n;
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < n; j++) {
        if (haystack.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Up to {@code max} characters of a body, for error details and logs. */
  public static String excerpt(Buffer body, int max) {
    if (body == null) {
      return "";
    }
    String s = body.toString();
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
