package dev.switchboard.governance.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Estimates the tokens of an OpenAI chat request before it is sent: the prompt, counted with
 * jtokkit the way OpenAI's cookbook does (3 tokens per message, its role, content and name, 3 to
 * prime the reply; {@code o200k_base} for gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o-series models,
 * {@code cl100k_base} otherwise), and the most output it may produce, for budget estimates.
 * Images count a fixed amount each; tool definitions are counted from their JSON with a fixed
 * overhead, which OpenAI's internal rendering approximates within a few percent. An estimate,
 * not a bill: the reply's usage is the truth.
 *
 * <p>Tokenizing is CPU work (about a microsecond per short word; a 100 KB prompt takes
 * milliseconds). On an event loop call {@link #estimateCheap}, which tokenizes only bodies of
 * text up to {@link #CHEAP_LIMIT_CHARS} and estimates larger ones as characters / 4; run
 * {@link #promptTokens} for large bodies on a worker thread.
 *
 * <p>Threading: immutable and thread-safe. The encodings are loaded once per JVM (they take tens
 * of milliseconds and megabytes) and shared by every instance.
 */
public final class TokenEstimator {
  /** The output cap assumed when a request sets none. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
  /** Tokens per image: OpenAI's figure for a 1024×1024 image in high detail. */
  public static final int DEFAULT_IMAGE_TOKENS = 765;
  /** Above this many characters of text, {@link #estimateCheap} does not tokenize. */
  public static final int CHEAP_LIMIT_CHARS = 32 * 1024;
  private static final int PER_MESSAGE = 3;
  private static final int PER_NAME = 1;
  private static final int REPLY_PRIMING = 3;
  private static final int PER_TOOL = 7;
  private static final int TOOLS_END = 12;
  private static final int PER_TOOL_CALL = 3;
  private static final Set<String> BINARY_PARTS = Set.of("image_url", "input_audio", "file");

  private final int defaultMaxOutputTokens;
  private final int imageTokens;

  /** With {@link #DEFAULT_MAX_OUTPUT_TOKENS} and {@link #DEFAULT_IMAGE_TOKENS}. */
  public TokenEstimator() {
    this(DEFAULT_MAX_OUTPUT_TOKENS, DEFAULT_IMAGE_TOKENS);
  }

  /**
   * @param defaultMaxOutputTokens the output assumed when a request sets no maximum
   * @param imageTokens tokens counted per image part
   */
  public TokenEstimator(int defaultMaxOutputTokens, int imageTokens) {
    if (defaultMaxOutputTokens < 0 || imageTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    this.imageTokens = imageTokens;
  }

  /** The encoding OpenAI uses for {@code model} (a provider prefix such as {@code openai/} is ignored). */
  public static Encoding encodingFor(String model) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    m = m.substring(m.lastIndexOf('/') + 1);
    if (m.startsWith("ft:")) {
      m = m.substring(3);
    }
    boolean o200k = m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o")
        || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
        || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
        || m.startsWith("gpt-oss");
    return o200k ? Shared.O200K : Shared.CL100K;
  }

  /**
   * The prompt tokens of a chat body ({@code messages}, {@code tools}, legacy {@code functions});
   * for a body without messages, the tokens of {@code prompt} or {@code input} (completions and
   * embeddings). Tokenizes everything: see the class comment about event loops.
   */
  public int promptTokens(JsonNode body) {
    Encoding enc = encodingFor(body.path("model").asText(""));
    JsonNode messages = body.path("messages");
    if (!messages.isArray()) {
      return text(enc, body.path("prompt")) + text(enc, body.path("input"));
    }
    int total = REPLY_PRIMING;
    for (JsonNode message : messages) {
      total += message(enc, message);
    }
    return total + tools(enc, body.path("tools")) + tools(enc, body.path("functions"));
  }

  /**
   * {@link #promptTokens} for bodies with at most {@link #CHEAP_LIMIT_CHARS} characters of text;
   * above that, characters / 4 without tokenizing. Cheap enough for an event loop.
   */
  public int estimateCheap(JsonNode body) {
    long chars = textChars(body, CHEAP_LIMIT_CHARS + 1L);
    if (chars <= CHEAP_LIMIT_CHARS) {
      return promptTokens(body);
    }
    long all = textChars(body, Long.MAX_VALUE);
    return (int) Math.min(Integer.MAX_VALUE, all / 4 + REPLY_PRIMING
        + (long) PER_MESSAGE * body.path("messages").size());
  }

  /**
   * The most output tokens the request may produce: {@code max_completion_tokens}, else
   * {@code max_tokens}, else the configured default; times {@code n} when it asks for several
   * choices.
   */
  public int maxOutputTokens(JsonNode body) {
    JsonNode max = body.path("max_completion_tokens");
    if (!max.canConvertToLong()) {
      max = body.path("max_tokens");
    }
    long perChoice = max.canConvertToLong() && max.asLong() >= 0 ? max.asLong()
        : defaultMaxOutputTokens;
    long choices = Math.max(1, body.path("n").asLong(1));
    return (int) Math.min(Integer.MAX_VALUE, perChoice * choices);
  }

  /** Prompt plus maximum output: what a budget or TPM check should hold. */
  public int totalEstimate(JsonNode body, boolean cheap) {
    long prompt = cheap ? estimateCheap(body) : promptTokens(body);
    return (int) Math.min(Integer.MAX_VALUE, prompt + maxOutputTokens(body));
  }

  private int message(Encoding enc, JsonNode message) {
    int total = PER_MESSAGE + count(enc, message.path("role").asText(""));
    JsonNode name = message.path("name");
    if (name.isTextual()) {
      total += PER_NAME + count(enc, name.asText());
    }
    total += content(enc, message.path("content"));
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode fn = call.path("function");
      total += PER_TOOL_CALL + count(enc, fn.path("name").asText(""))
          + count(enc, fn.path("arguments").asText(""));
    }
    JsonNode legacyCall = message.path("function_call");
    if (legacyCall.isObject()) {
      total += PER_TOOL_CALL + count(enc, legacyCall.path("name").asText(""))
          + count(enc, legacyCall.path("arguments").asText(""));
    }
    return total;
  }

  private int content(Encoding enc, JsonNode content) {
    if (content.isTextual()) {
      return count(enc, content.asText());
    }
    int total = 0;
    for (JsonNode part : content) { // array of parts; null or missing has none
      String type = part.path("type").asText("");
      if ("image_url".equals(type) || "image".equals(type)) {
        total += imageTokens;
      } else if (part.path("text").isTextual()) {
        total += count(enc, part.path("text").asText());
      }
    }
    return total;
  }

  private int tools(Encoding enc, JsonNode tools) {
    if (!tools.isArray() || tools.isEmpty()) {
      return 0;
    }
    int total = TOOLS_END;
    for (JsonNode tool : tools) {
      JsonNode fn = tool.has("function") ? tool.path("function") : tool;
      total += PER_TOOL + count(enc, fn.path("name").asText(""))
          + count(enc, fn.path("description").asText(""));
      JsonNode parameters = fn.path("parameters");
      if (parameters.isObject()) {
        total += count(enc, parameters.toString());
      }
    }
    return total;
  }

  private static int text(Encoding enc, JsonNode value) {
    if (value.isTextual()) {
      return count(enc, value.asText());
    }
    int total = 0;
    for (JsonNode item : value) { // missing or null has no items
      // a pre-tokenized prompt is an array of ids, or an array of such arrays
      total += item.isTextual() ? count(enc, item.asText()) : item.isArray() ? item.size() : 1;
    }
    return total;
  }

  private static int count(Encoding enc, String text) {
    // ordinary: a prompt that contains "<|endoftext|>" is text, not a special token
    return text.isEmpty() ? 0 : enc.countTokensOrdinary(text);
  }

  /**
   * Characters of text and field names under {@code node}; counting stops past {@code cap}.
   * Image, audio and file parts are skipped: their base64 data is not prompt text (they count a
   * fixed amount).
   */
  private static long textChars(JsonNode node, long cap) {
    if (node.isTextual()) {
      return node.asText().length();
    }
    long total = 0;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (total > cap) {
        break;
      }
      if (!BINARY_PARTS.contains(field.getKey())) {
        total += field.getKey().length() + textChars(field.getValue(), cap - total);
      }
    }
    if (node.isArray()) {
      for (Iterator<JsonNode> items = node.elements(); items.hasNext() && total <= cap; ) {
        total += textChars(items.next(), cap - total);
      }
    }
    return total;
  }

  /** The encodings, loaded on first use and shared. */
  private static final class Shared {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  }
}
