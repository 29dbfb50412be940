package dev.switchboard.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the gateway's canonical stream (OpenAI {@code chat.completion.chunk} objects) into the
 * event stream Anthropic documents: {@code message_start}, {@code ping}, per content block
 * {@code content_block_start} / {@code content_block_delta} ({@code thinking_delta},
 * {@code signature_delta}, {@code text_delta}, {@code input_json_delta}) /
 * {@code content_block_stop}, then {@code message_delta} with the stop
 * reason and the whole usage (cache reads and writes apart from {@code input_tokens}), and
 * {@code message_stop}. Thinking ({@code reasoning_content}, signed by
 * {@code thinking_blocks}), text and each tool call are separate blocks, opened when their first
 * piece arrives and closed when the next one starts (a thinking block also by its signature).
 *
 * <p>Threading: one per stream, on its event loop.
 */
public final class MessagesEvents {
  private final String model;
  private final Consumer<Buffer> out;
  private final Map<Integer, Integer> blockOfToolCall = new HashMap<>();
  private boolean started;
  private int block = -1;
  private String blockType;
  private String stopReason = "end_turn";
  private JsonNode usage;

  public MessagesEvents(String model, Consumer<Buffer> out) {
    this.model = model;
    this.out = out;
  }

  /** Consumes one canonical chunk. */
  public void chunk(Buffer chunk) {
    JsonNode c;
    try {
      c = Json.MAPPER.readTree(chunk.getBytes());
    } catch (IOException e) {
      throw GatewayException.wrap(e);
    }
    start(c.path("id").asText("gateway"));
    if (c.hasNonNull("usage")) {
      usage = c.get("usage");
    }
    for (JsonNode choice : c.path("choices")) {
      JsonNode delta = choice.path("delta");
      String reasoning = delta.path("reasoning_content").asText("");
      if (!reasoning.isEmpty()) {
        open("thinking", null, null, -1);
        ObjectNode d = event("content_block_delta").put("index", block);
        d.putObject("delta").put("type", "thinking_delta").put("thinking", reasoning);
        emit(d);
      }
      for (JsonNode b : delta.path("thinking_blocks")) {
        signedThinking(b);
      }
      String text = delta.path("content").asText("");
      if (!text.isEmpty()) {
        open("text", null, null, -1);
        ObjectNode d = event("content_block_delta").put("index", block);
        d.putObject("delta").put("type", "text_delta").put("text", text);
        emit(d);
      }
      for (JsonNode call : delta.path("tool_calls")) {
        toolCall(call);
      }
      if (choice.hasNonNull("finish_reason")) {
        stopReason = MessagesResponse.stopReason(choice.get("finish_reason").asText());
      }
    }
  }

  private void toolCall(JsonNode call) {
    int index = call.path("index").asInt(0);
    Integer own = blockOfToolCall.get(index);
    if (own == null) {
      open("tool_use", call.path("id").asText("toolu_" + index),
          call.path("function").path("name").asText(""), index);
    }
    String args = call.path("function").path("arguments").asText("");
    if (!args.isEmpty()) {
      ObjectNode d = event("content_block_delta").put("index", blockOfToolCall.get(index));
      d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
      emit(d);
    }
  }

  /**
   * A whole thinking block with its signature: the signature ends the thinking block being
   * streamed (opening one if its text was not streamed); a redacted block is a block of its own.
   */
  private void signedThinking(JsonNode b) {
    if ("redacted_thinking".equals(b.path("type").asText())) {
      close();
      block++;
      ObjectNode s = event("content_block_start").put("index", block);
      s.putObject("content_block").put("type", "redacted_thinking")
          .put("data", b.path("data").asText(""));
      emit(s);
      blockType = "redacted_thinking";
      close();
      return;
    }
    if (!"thinking".equals(blockType)) {
      open("thinking", null, null, -1);
      ObjectNode d = event("content_block_delta").put("index", block);
      d.putObject("delta").put("type", "thinking_delta")
          .put("thinking", b.path("thinking").asText(""));
      emit(d);
    }
    ObjectNode d = event("content_block_delta").put("index", block);
    d.putObject("delta").put("type", "signature_delta")
        .put("signature", b.path("signature").asText(""));
    emit(d);
    close();
  }

  /** Ends the stream: closes the open block, then the message delta and stop. */
  public void end() {
    start("gateway");
    close();
    ObjectNode md = event("message_delta");
    md.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    ObjectNode u = MessagesResponse.usage(usage == null ? Json.MAPPER.createObjectNode() : usage);
    md.set("usage", u);
    emit(md);
    emit(event("message_stop"));
  }

  /** An error event, for a stream that fails after it started. */
  public static Buffer error(GatewayException e) {
    return frame("error", MessagesResponse.error(e));
  }

  private void start(String id) {
    if (started) {
      return;
    }
    started = true;
    ObjectNode s = event("message_start");
    ObjectNode m = s.putObject("message");
    m.put("id", MessagesResponse.messageId(id)).put("type", "message").put("role", "assistant").put("model", model);
    m.putArray("content");
    m.putNull("stop_reason").putNull("stop_sequence");
    // The canonical stream reports usage only in its last chunk, long after this event must go
    // out; message_delta then carries every count (Anthropic documents them as cumulative, and
    // the SDKs and Claude Code take them from there), cache reads and writes included.
    m.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
    emit(s);
    emit(event("ping"));
  }

  private void open(String type, String id, String name, int toolIndex) {
    if (!type.equals("tool_use") && type.equals(blockType)) {
      return;
    }
    close();
    block++;
    blockType = type;
    ObjectNode s = event("content_block_start").put("index", block);
    ObjectNode cb = s.putObject("content_block").put("type", type);
    if (type.equals("text")) {
      cb.put("text", "");
    } else if (type.equals("thinking")) {
      cb.put("thinking", "").put("signature", "");
    } else {
      cb.put("id", id).put("name", name).putObject("input");
      blockOfToolCall.put(toolIndex, block);
    }
    emit(s);
  }

  private void close() {
    if (blockType != null) {
      emit(event("content_block_stop").put("index", block));
      blockType = null;
    }
  }

  private static ObjectNode event(String type) {
    return Json.MAPPER.createObjectNode().put("type", type);
  }

  private void emit(ObjectNode event) {
    try {
      out.accept(frame(event.get("type").asText(),
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(event))));
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  private static Buffer frame(String name, Buffer data) {
    return Buffer.buffer(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8))
        .appendBuffer(data).appendString("\n\n");
  }
}
