package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Answers {@code POST /v1/embeddings} with deterministic unit vectors: the same input always gets
 * the same vector, different inputs get (practically) different ones, and a shorter
 * {@code dimensions} gives the renormalised prefix of the full vector, as OpenAI's shortening does.
 *
 * <p>Stateless; safe from any thread.
 */
final class EmbeddingsResponder {

  private static final String INVALID_INPUT =
      "'$.input' is invalid. Please check the API reference:"
          + " https://platform.openai.com/docs/api-reference.";

  private EmbeddingsResponder() {}

  static Reply prepare(JsonNode body, String deployment) {
    String model = deployment != null ? deployment : JsonFields.model(body);
    List<Long> seeds = new ArrayList<>();
    long promptTokens = readInputs(body, seeds);
    int nativeDims = nativeDimensions(model);
    JsonNode dimsNode = body.get("dimensions");
    if (!JsonFields.absent(dimsNode) && model.contains("ada-002")) {
      throw MockErrors.invalid("This model does not support specifying dimensions.", null, null);
    }
    int dims = JsonFields.integer(body, "dimensions", nativeDims, 1, nativeDims);
    String encoding = JsonFields.string(body, "encoding_format", "encoding_format", "float");
    if (!encoding.equals("float") && !encoding.equals("base64")) {
      throw MockErrors.invalidValue("encoding_format", encoding, "'float' and 'base64'");
    }
    boolean base64 = encoding.equals("base64");
    int tokens = (int) Math.min(Integer.MAX_VALUE, promptTokens);
    return Reply.json(model, () -> render(model, seeds, dims, base64, tokens));
  }

  /** text-embedding-3-large is 3072-dimensional; every other model answers with 1536. */
  static int nativeDimensions(String model) {
    return model.contains("3-large") ? 3072 : 1536;
  }

  /** Collects one seed per input and returns the prompt-token estimate. */
  private static long readInputs(JsonNode body, List<Long> seeds) {
    JsonNode input = body.get("input");
    if (JsonFields.absent(input)) {
      throw MockErrors.missing("input");
    }
    if (input.isTextual()) {
      return addText(input, seeds);
    }
    if (!input.isArray()) {
      throw MockErrors.invalidType("input", "a string or array", JsonFields.describe(input));
    }
    if (input.isEmpty()) {
      throw MockErrors.invalid(INVALID_INPUT, null, null);
    }
    if (input.get(0).isNumber()) {
      return addTokens(input, seeds);
    }
    long tokens = 0;
    for (JsonNode each : input) {
      if (each.isTextual()) {
        tokens += addText(each, seeds);
      } else if (each.isArray() && !each.isEmpty()) {
        tokens += addTokens(each, seeds);
      } else {
        throw MockErrors.invalid(INVALID_INPUT, null, null);
      }
    }
    return tokens;
  }

  private static long addText(JsonNode text, List<Long> seeds) {
    String s = text.textValue();
    if (s.isEmpty()) {
      throw MockErrors.invalid(INVALID_INPUT, null, null);
    }
    long h = 0xcbf29ce484222325L; // FNV-1a: tiny, stable across JVMs, good enough spread here
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    seeds.add(h);
    return CompletionText.estimateTokens(s.length());
  }

  private static long addTokens(JsonNode tokens, List<Long> seeds) {
    long h = 0x84222325cbf29ce4L;
    for (JsonNode t : tokens) {
      if (!t.isIntegralNumber()) {
        throw MockErrors.invalid(INVALID_INPUT, null, null);
      }
      h = (h ^ t.longValue()) * 0x100000001b3L;
    }
    seeds.add(h);
    return tokens.size();
  }

  /** The unit vector of {@code dims} components for one input. */
  static float[] vector(long seed, int dims) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[dims];
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      double x = random.nextDouble() * 2 - 1;
      v[i] = (float) x;
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dims; i++) {
      v[i] *= scale;
    }
    return v;
  }

  private static Buffer render(
      String model, List<Long> seeds, int dims, boolean base64, int tokens) {
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (int i = 0; i < seeds.size(); i++) {
        float[] v = vector(seeds.get(i), dims);
        g.writeStartObject();
        g.writeStringField("object", "embedding");
        g.writeNumberField("index", i);
        if (base64) {
          g.writeStringField("embedding", toBase64(v));
        } else {
          g.writeArrayFieldStart("embedding");
          for (float f : v) {
            g.writeNumber(f);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("model", model);
      g.writeObjectFieldStart("usage");
      g.writeNumberField("prompt_tokens", tokens);
      g.writeNumberField("total_tokens", tokens);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** Little-endian float32s, base64-encoded: what OpenAI sends for {@code encoding_format=base64}. */
  static String toBase64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bytes.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
