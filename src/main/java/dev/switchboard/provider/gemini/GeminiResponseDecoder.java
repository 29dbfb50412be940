package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import java.io.IOException;

/**
 * Turns a Gemini {@code GenerateContentResponse} into an OpenAI {@code chat.completion}: one
 * choice per candidate, text parts as the content, thought parts as {@code reasoning_content},
 * {@code functionCall} parts as tool calls with generated ids ({@code call_0}, {@code call_1} …,
 * since Gemini has none); finish reasons and usage are renamed. A prompt Gemini blocked becomes a
 * content-policy error. Also holds the mappings the stream decoder shares.
 *
 * <p>Threading: stateless.
 */
final class GeminiResponseDecoder {
  private GeminiResponseDecoder() {}

  /** The OpenAI body for a Gemini answer, and the usage it reports. */
  record Decoded(byte[] body, Usage usage) {}

  static Decoded decode(byte[] geminiBody, long createdEpochSeconds) {
    JsonNode res;
    try {
      res = Json.MAPPER.readTree(geminiBody);
    } catch (IOException e) {
      throw OpenAiShapes.untranslatable("its answer is not JSON");
    }
    if (res == null || !res.isObject()) {
      throw OpenAiShapes.untranslatable("its answer is not a JSON object");
    }
    JsonNode candidates = res.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      throw blockedOrEmpty(res);
    }
    ObjectNode out = header(res, "chat.completion", createdEpochSeconds);
    for (int i = 0; i < candidates.size(); i++) {
      JsonNode cand = candidates.get(i);
      ObjectNode message = message(cand.path("content").path("parts"));
      OpenAiShapes.addChoice(out, cand.path("index").asInt(i), message,
          finishReason(cand.path("finishReason").asText(""), message.has("tool_calls")));
    }
    Usage usage = usage(res.get("usageMetadata"));
    return new Decoded(OpenAiShapes.finishCompletion(out, usage), usage);
  }

  /** The fields every completion and chunk starts with. */
  static ObjectNode header(JsonNode res, String object, long created) {
    String id = res.path("responseId").asText("");
    return OpenAiShapes.header(id.isEmpty() ? "chatcmpl-gemini" : "chatcmpl-" + id, object,
        res.path("modelVersion").asText(""), created);
  }

  private static ObjectNode message(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    for (JsonNode part : parts) {
      if (part.has("functionCall")) {
        calls.add(toolCall(part, calls.size(), false));
      } else if (part.path("thought").asBoolean(false)) {
        reasoning.append(part.path("text").asText(""));
      } else {
        text.append(part.path("text").asText(""));
      }
    }
    return OpenAiShapes.assistantMessage(text, reasoning, null, calls);
  }

  /**
   * An OpenAI tool call for a {@code functionCall} part; a stream delta also carries its index.
   * The part's {@code thoughtSignature} travels in {@code extra_content.google.thought_signature},
   * where Google's own OpenAI-compatible endpoint puts it, for the client to send back.
   */
  static ObjectNode toolCall(JsonNode part, int n, boolean withIndex) {
    JsonNode fc = part.path("functionCall");
    ObjectNode call = Json.MAPPER.createObjectNode();
    if (withIndex) {
      call.put("index", n);
    }
    call.put("id", "call_" + n).put("type", "function");
    call.putObject("function").put("name", fc.path("name").asText(""))
        .put("arguments", OpenAiShapes.argumentsJson(fc.get("args")));
    String signature = part.path("thoughtSignature").asText("");
    if (!signature.isEmpty()) {
      call.putObject("extra_content").putObject("google").put("thought_signature", signature);
    }
    return call;
  }

  /** OpenAI's finish_reason for a Gemini finishReason; a function call wins over STOP. */
  static String finishReason(String reason, boolean calledTools) {
    return switch (reason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
          "content_filter";
      default -> calledTools ? "tool_calls" : "stop"; // STOP, OTHER, LANGUAGE, unspecified …
    };
  }

  /**
   * Usage from {@code usageMetadata}. Thinking tokens are billed as output but reported apart by
   * Gemini, so they are added to the completion tokens; cached input is already part of the
   * prompt count.
   */
  static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.UNKNOWN;
    }
    long thoughts = u.path("thoughtsTokenCount").asLong(0);
    return new Usage(u.path("promptTokenCount").asLong(0),
        u.path("candidatesTokenCount").asLong(0) + thoughts,
        u.path("cachedContentTokenCount").asLong(0), thoughts, true);
  }


  /** The failure an answer without candidates stands for: a blocked prompt, or a bad answer. */
  static GatewayException blockedOrEmpty(JsonNode res) {
    String block = res.path("promptFeedback").path("blockReason").asText("");
    if (block.isEmpty()) {
      return OpenAiShapes.untranslatable("its answer has no candidates");
    }
    return GatewayException.builder(ErrorKind.CONTENT_POLICY, "The provider refused the prompt"
        + " under its content policy (blockReason " + block + ").").param("messages").build();
  }

}
