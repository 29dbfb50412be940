package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Answers {@code POST /v1/images/generations} with a tiny valid PNG, as {@code b64_json} or as a
 * {@code url} that this simulator itself serves under {@code /mock/images/}.
 *
 * <p>Stateless; the PNG is built once at class load. Safe from any thread.
 */
final class ImagesResponder {

  /** A 1×1 opaque pixel in Switchboard teal; built here rather than pasted as an opaque blob. */
  static final byte[] PNG = tinyPng(0x14, 0x8f, 0x86);
  private static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

  private ImagesResponder() {}

  /**
   * @param origin {@code http://host:port} of this simulator as the client addressed it, for URLs
   */
  static Reply prepare(JsonNode body, String deployment, String origin) {
    String model = deployment != null
        ? deployment
        : JsonFields.string(body, "model", "model", "dall-e-2");
    String prompt = JsonFields.requiredString(body, "prompt", "prompt");
    int n = JsonFields.integer(body, "n", 1, 1, 10);
    if (n > 1 && model.startsWith("dall-e-3")) {
      throw MockErrors.invalid(
          "Invalid 'n': integer above maximum value. Expected a value <= 1, but got " + n
              + " instead.", "n", "integer_above_max_value");
    }
    String format = JsonFields.string(body, "response_format", "response_format", "url");
    if (!format.equals("url") && !format.equals("b64_json")) {
      throw MockErrors.invalidValue("response_format", format, "'url' and 'b64_json'");
    }
    // gpt-image models only ever return base64 and report token usage.
    boolean gptImage = model.startsWith("gpt-image");
    boolean b64 = gptImage || format.equals("b64_json");
    boolean revised = model.startsWith("dall-e-3");
    long created = MockHttp.nowSeconds();
    return Reply.json(model, () -> MockJson.write(g -> {
      g.writeStartObject();
      g.writeNumberField("created", created);
      g.writeArrayFieldStart("data");
      for (int i = 0; i < n; i++) {
        g.writeStartObject();
        if (b64) {
          g.writeStringField("b64_json", PNG_BASE64);
        } else {
          g.writeStringField("url", origin + "/mock/images/" + MockHttp.id("img-", 24) + ".png");
        }
        if (revised) {
          g.writeStringField("revised_prompt", "A simple, detailed illustration of: " + prompt);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (gptImage) {
        int input = CompletionText.estimateTokens(prompt.length());
        int output = 272 * n;
        g.writeObjectFieldStart("usage");
        g.writeNumberField("total_tokens", input + output);
        g.writeNumberField("input_tokens", input);
        g.writeNumberField("output_tokens", output);
        g.writeObjectFieldStart("input_tokens_details");
        g.writeNumberField("text_tokens", input);
        g.writeNumberField("image_tokens", 0);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    }));
  }

  static Buffer pngBuffer() {
    return Buffer.buffer(PNG);
  }

  /** PNG signature, IHDR (1×1, 8-bit RGB), one deflated scanline in IDAT, IEND. */
  private static byte[] tinyPng(int r, int g, int b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(1).putInt(1).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[] {0, (byte) r, (byte) g, (byte) b}); // filter type 0, then RGB
    deflater.finish();
    byte[] buf = new byte[64];
    int len = deflater.deflate(buf);
    deflater.end();
    byte[] idat = new byte[len];
    System.arraycopy(buf, 0, idat, 0, len);
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    out.writeBytes(b.array());
  }
}
