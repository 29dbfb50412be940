package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON plumbing shared by every responder: one {@link ObjectMapper} for parsing and streaming
 * generation straight into Vert.x buffers (no intermediate tree on the way out).
 *
 * <p>Stateless apart from the thread-safe mapper; safe from any thread.
 */
final class MockJson {

  /** Schubfach float formatting: embeddings are mostly floats, and the JDK's is several times slower. */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .build());
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final byte[] SSE_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SSE_SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SSE_DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  /** Body of a JSON document, written with a streaming generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private MockJson() {}

  /** Parses a request body; null for an empty body, {@link MockErrors#invalidJson()} if broken. */
  static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(body.getBytes())) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null || node.isMissingNode()) {
        throw MockErrors.invalidJson();
      }
      // Trailing garbage after a valid document is as broken as a truncated one.
      if (p.nextToken() != null) {
        throw MockErrors.invalidJson();
      }
      return node;
    } catch (IOException e) {
      throw MockErrors.invalidJson();
    }
  }

  static Buffer write(Writer writer) {
    Buffer out = Buffer.buffer(512);
    generate(out, writer);
    return out;
  }

  /** One server-sent event, {@code data: <json>\n\n}, in a single buffer (one write, one flush). */
  static Buffer sse(Writer writer) {
    Buffer out = Buffer.buffer(384);
    out.appendBytes(SSE_PREFIX);
    generate(out, writer);
    out.appendBytes(SSE_SUFFIX);
    return out;
  }

  static Buffer sseDone() {
    return Buffer.buffer(SSE_DONE);
  }

  private static void generate(Buffer out, Writer writer) {
    try (JsonGenerator g = FACTORY.createGenerator(new BufferStream(out))) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets Jackson flush its internal buffer directly into a Vert.x buffer. */
  private static final class BufferStream extends OutputStream {
    private final Buffer target;

    BufferStream(Buffer target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.appendBytes(b, off, len);
    }
  }
}
