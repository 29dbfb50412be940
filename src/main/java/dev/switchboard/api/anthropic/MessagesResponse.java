package dev.switchboard.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Translates the gateway's canonical OpenAI chat answer back into Anthropic's: the message object
 * of {@code POST /v1/messages}, its stop reasons and usage, and Anthropic's error envelope.
 * Stateless.
 */
public final class MessagesResponse {
  private MessagesResponse() {}

  /** The Anthropic message for an OpenAI {@code chat.completion} body. */
  public static Buffer fromOpenAi(Buffer openAi, String model) {
    JsonNode in;
    try {
      in = Json.MAPPER.readTree(openAi.getBytes());
    } catch (IOException e) {
      throw GatewayException.wrap(e);
    }
    JsonNode choice = in.path("choices").path(0);
    JsonNode message = choice.path("message");
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("id", messageId(in.path("id").asText("gateway")));
    out.put("type", "message");
    out.put("role", "assistant");
    out.put("model", model);
    ArrayNode content = out.putArray("content");
    thinking(message, content);
    String text = message.path("content").asText("");
    if (!text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (JsonNode call : message.path("tool_calls")) {
      ObjectNode block = content.addObject().put("type", "tool_use")
          .put("id", call.path("id").asText());
      block.put("name", call.path("function").path("name").asText());
      block.set("input", arguments(call.path("function").path("arguments").asText("{}")));
    }
    out.put("stop_reason", stopReason(choice.path("finish_reason").asText("stop")));
    out.putNull("stop_sequence");
    out.set("usage", usage(in.path("usage")));
    return Json.buffer(out);
  }

  /**
   * Thinking blocks first, as Anthropic orders them: the signed ones an Anthropic upstream gave,
   * else the plain reasoning of another provider as one unsigned block.
   */
  private static void thinking(JsonNode message, ArrayNode content) {
    JsonNode blocks = message.path("thinking_blocks");
    if (blocks.isArray() && !blocks.isEmpty()) {
      blocks.forEach(content::add);
      return;
    }
    String reasoning = message.path("reasoning_content").asText("");
    if (!reasoning.isEmpty()) {
      content.addObject().put("type", "thinking").put("thinking", reasoning)
          .put("signature", "");
    }
  }

  static JsonNode arguments(String json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json.isBlank() ? "{}" : json);
      return n.isObject() ? n : Json.MAPPER.createObjectNode();
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode(); // a provider's broken arguments: nothing to pass on
    }
  }

  /** Anthropic's stop reason for an OpenAI finish reason. */
  static String stopReason(String finish) {
    return switch (finish) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /**
   * Anthropic usage from OpenAI usage. OpenAI's prompt count includes the cache reads
   * ({@code prompt_tokens_details.cached_tokens}) and writes ({@code cache_creation_input_tokens},
   * see {@link OpenAiShapes#usageJson}); Anthropic reports both apart from {@code input_tokens},
   * which is therefore what is left (never below 0, should the counts contradict each other).
   */
  static ObjectNode usage(JsonNode u) {
    long cached = Math.max(0, u.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    long written = Math.max(0, u.path(OpenAiShapes.CACHE_WRITE_FIELD).asLong(0));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("input_tokens", Math.max(0, u.path("prompt_tokens").asLong(0) - cached - written));
    out.put("output_tokens", u.path("completion_tokens").asLong(0));
    out.put("cache_read_input_tokens", cached);
    out.put("cache_creation_input_tokens", written);
    return out;
  }

  /** Anthropic's error envelope for a gateway error. */
  public static Buffer error(GatewayException e) {
    ObjectNode out = Json.MAPPER.createObjectNode().put("type", "error");
    out.putObject("error").put("type", errorType(e.status())).put("message", e.getMessage());
    return Json.buffer(out);
  }

  static String errorType(int status) {
    return switch (status) {
      case 400, 405, 408, 422 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402, 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> "api_error";
    };
  }

  /** An Anthropic message id for {@code id}: kept when it already is one (an Anthropic upstream). */
  static String messageId(String id) {
    return id.startsWith("msg_") ? id : "msg_" + id;
  }
}
