package dev.switchboard.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI shapes every translating adapter answers in: the {@code chat.completion} and
 * {@code chat.completion.chunk} envelope, a streamed choice, the usage chunk, the assistant message
 * with its text, reasoning and tool calls, and the usage object. One spelling for all of them, so a
 * client sees the same fields whichever provider answered.
 *
 * <p>Threading: stateless.
 */
public final class OpenAiShapes {
  /** The {@code object} of a streamed chunk. */
  public static final String CHUNK = "chat.completion.chunk";
  /** Where OpenAI-format usage carries the prompt tokens written to the provider's cache. */
  public static final String CACHE_WRITE_FIELD = "cache_creation_input_tokens";

  private OpenAiShapes() {}

  /** {@code {"id","object","created","model"}}, to which the caller adds choices. */
  public static ObjectNode header(String id, String object, String model, long created) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("id", id);
    out.put("object", object);
    out.put("created", created);
    out.put("model", model);
    return out;
  }

  /** A chunk of one choice: {@code delta}, and {@code finish_reason} (null until the last). */
  public static ObjectNode choiceChunk(ObjectNode header, int index, ObjectNode delta,
      String finishReason) {
    ObjectNode choice = header.putArray("choices").addObject();
    choice.put("index", index);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return header;
  }

  /** The closing chunk a client asked for with {@code stream_options.include_usage}. */
  public static ObjectNode usageChunk(ObjectNode header, Usage usage) {
    header.putArray("choices");
    header.set("usage", usageJson(usage));
    return header;
  }

  /**
   * OpenAI's {@code usage} object, cached and reasoning token details included. Cache writes have
   * no OpenAI field; they are added as {@code cache_creation_input_tokens}, the name LiteLLM gives
   * them, only when there are some, so answers without any keep OpenAI's exact shape.
   */
  public static ObjectNode usageJson(Usage usage) {
    ObjectNode u = Json.MAPPER.createObjectNode();
    u.put("prompt_tokens", usage.promptTokens());
    u.put("completion_tokens", usage.completionTokens());
    u.put("total_tokens", usage.totalTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    u.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    if (usage.cacheWriteTokens() > 0) {
      u.put(CACHE_WRITE_FIELD, usage.cacheWriteTokens());
    }
    return u;
  }

  /**
   * The assistant message of a complete answer: {@code content} is the text, or null when the
   * answer is only tool calls; {@code reasoning_content}, {@code thinking_blocks} (reasoning with
   * the signatures a provider needs back) and {@code tool_calls} appear when there are any.
   */
  public static ObjectNode assistantMessage(CharSequence text, CharSequence reasoning,
      ArrayNode thinkingBlocks, ArrayNode calls) {
    ObjectNode message = Json.MAPPER.createObjectNode().put("role", "assistant");
    if (text.length() > 0 || calls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (thinkingBlocks != null && !thinkingBlocks.isEmpty()) {
      message.set("thinking_blocks", thinkingBlocks);
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    return message;
  }

  /** Serialises a chunk (emoji and all, unescaped) and hands it on. */
  public static void write(Handler<Buffer> out, ObjectNode chunk) {
    try {
      out.handle(Buffer.buffer(Json.UTF8_WRITER.writeValueAsBytes(chunk)));
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /** Adds a choice of a complete answer to {@code completion}'s {@code choices}. */
  public static void addChoice(ObjectNode completion, int index, ObjectNode message,
      String finishReason) {
    ArrayNode choices = completion.has("choices") ? (ArrayNode) completion.get("choices")
        : completion.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", index);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
  }

  /** Closes a complete answer with its usage and serialises it. */
  public static byte[] finishCompletion(ObjectNode completion, Usage usage) {
    completion.set("usage", usageJson(usage));
    try {
      return Json.UTF8_WRITER.writeValueAsBytes(completion);
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /** A tool call's arguments as OpenAI carries them: the JSON text of the input, {} for none. */
  public static String argumentsJson(JsonNode input) {
    if (input == null || input.isNull()) {
      return "{}";
    }
    try {
      return Json.MAPPER.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /** The error for a provider answer that cannot be translated ({@code why}: what is wrong). */
  public static GatewayException untranslatable(String why) {
    return GatewayException.of(ErrorKind.UPSTREAM_ERROR,
        "The provider's answer could not be translated: " + why + ".");
  }
}
