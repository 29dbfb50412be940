package dev.switchboard.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Edits a JSON request body as bytes instead of re-serialising it: replaces the value of one
 * top-level string field, or adds a field at the front. Everything else (field order, number
 * formatting, unknown fields, whitespace) reaches the upstream exactly as the client sent it, and
 * a large body (a base64 image) costs one scan and one copy instead of a tree and a serialisation.
 *
 * <p>Threading: stateless.
 */
public final class BodyRewriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private BodyRewriter() {}

  /**
   * The body with the top-level string field {@code field} set to {@code value}, or null when the
   * body has no such string field (the caller then falls back to re-serialising).
   */
  public static Buffer replaceTopLevelString(Buffer body, String field, String value) {
    byte[] raw = body.getBytes();
    try (JsonParser p = FACTORY.createParser(raw)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean match = field.equals(p.currentName());
        JsonToken t = p.nextToken();
        if (match && t == JsonToken.VALUE_STRING) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          p.finishToken();
          int end = (int) p.currentLocation().getByteOffset();
          if (start < 0 || end <= start || end > raw.length || raw[start] != '"'
              || raw[end - 1] != '"') {
            return null;
          }
          byte[] quoted = quote(value);
          return Buffer.buffer(raw.length - (end - start) + quoted.length)
              .appendBytes(raw, 0, start).appendBytes(quoted)
              .appendBytes(raw, end, raw.length - end);
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The body with {@code "name": rawJsonValue} added as its first field. The caller guarantees the
   * field is absent and the value is valid JSON; returns null if the body is not an object.
   */
  public static Buffer prependField(Buffer body, String name, String rawJsonValue) {
    int len = body.length();
    int i = 0;
    while (i < len && Character.isWhitespace(body.getByte(i))) {
      i++;
    }
    if (i == len || body.getByte(i) != '{') {
      return null;
    }
    int j = i + 1;
    while (j < len && Character.isWhitespace(body.getByte(j))) {
      j++;
    }
    boolean empty = j < len && body.getByte(j) == '}';
    byte[] field = ("\"" + name + "\":" + rawJsonValue + (empty ? "" : ","))
        .getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(len + field.length).appendBuffer(body, 0, i + 1).appendBytes(field)
        .appendBuffer(body, i + 1, len - i - 1);
  }

  private static byte[] quote(String value) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(value);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }
}
