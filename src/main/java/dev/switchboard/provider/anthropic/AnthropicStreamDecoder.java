package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import dev.switchboard.provider.SseParser;
import dev.switchboard.provider.StreamDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes an Anthropic Messages SSE stream into OpenAI {@code chat.completion.chunk} objects (one
 * buffer per chunk, without SSE framing): a role chunk on {@code message_start}, content and
 * reasoning deltas ({@code reasoning_content}; each thinking block again whole with its signature
 * in {@code thinking_blocks} when its {@code signature_delta} arrives, a redacted one when it
 * starts), tool calls numbered in the order they start, the finish chunk on
 * {@code message_delta} and, when the client asked for it, a usage chunk on {@code message_stop}.
 * An {@code error} event fails the stream.
 *
 * <p>Threading: one instance per stream, confined to its event loop.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
  private final boolean clientWantsUsage;
  private final long created;
  private final SseParser parser = new SseParser();
  private final Handler<SseParser.Event> onEvent = this::onEvent;
  /** Anthropic content-block index → OpenAI tool-call index, for tool_use blocks only. */
  private final Map<Integer, Integer> toolIndex = new HashMap<>();
  /** The text of the thinking block being streamed, returned whole with its signature. */
  private final StringBuilder thinking = new StringBuilder();
  private Handler<Buffer> out;
  private String id = "";
  private String model = "";
  private long input;
  private long cacheRead;
  private long cacheCreation;
  private long cacheCreationLong;
  private long output;
  private boolean usageSeen;
  private boolean sawFinish;
  private boolean done;

  AnthropicStreamDecoder(boolean clientWantsUsage, long createdEpochSeconds) {
    this.clientWantsUsage = clientWantsUsage;
    this.created = createdEpochSeconds;
  }

  @Override
  public void feed(Buffer bytes, Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    parser.feed(bytes, onEvent);
  }

  private void onEvent(SseParser.Event event) {
    if (done) {
      return;
    }
    JsonNode data = parse(event.data());
    // The data's own type is authoritative; the event line only names it again.
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start" -> messageStart(data.path("message"));
      case "content_block_start" -> blockStart(data.path("index").asInt(),
          data.path("content_block"));
      case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> messageStop();
      case "error" -> throw AnthropicErrors.streamError(event.data());
      default -> {
        // ping, content_block_stop and event types added later carry nothing to translate.
      }
    }
  }

  private static JsonNode parse(Buffer data) {
    try {
      JsonNode node = Json.MAPPER.readTree(data.getBytes());
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
        "The provider sent a stream event that is not a JSON object.")
        .upstreamBody(Json.excerpt(data, 2000)).build();
  }

  private void messageStart(JsonNode message) {
    id = message.path("id").asText("");
    model = message.path("model").asText("");
    addUsage(message.get("usage"));
    ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
    emit(delta, null);
  }

  private void blockStart(int index, JsonNode block) {
    switch (block.path("type").asText("")) {
      case "text" -> text("content", block.path("text").asText(""));
      case "thinking" -> {
        thinking.setLength(0);
        thinking.append(block.path("thinking").asText(""));
        text("reasoning_content", block.path("thinking").asText(""));
      }
      case "redacted_thinking" -> thinkingBlock(
          AnthropicResponseDecoder.redactedBlock(block.path("data").asText("")));
      case "tool_use" -> {
        int n = toolIndex.size();
        toolIndex.put(index, n);
        ObjectNode call = Json.MAPPER.createObjectNode().put("index", n);
        call.put("id", block.path("id").asText("")).put("type", "function");
        call.putObject("function").put("name", block.path("name").asText(""))
            .put("arguments", "");
        ObjectNode delta = Json.MAPPER.createObjectNode();
        delta.putArray("tool_calls").add(call);
        emit(delta, null);
      }
      default -> {
        // server tool blocks have no OpenAI form.
      }
    }
  }

  private void blockDelta(int index, JsonNode delta) {
    switch (delta.path("type").asText("")) {
      case "text_delta" -> text("content", delta.path("text").asText(""));
      case "thinking_delta" -> {
        thinking.append(delta.path("thinking").asText(""));
        text("reasoning_content", delta.path("thinking").asText(""));
      }
      case "signature_delta" -> thinkingBlock(AnthropicResponseDecoder.thinkingBlock(
          thinking.toString(), delta.path("signature").asText("")));
      case "input_json_delta" -> {
        Integer n = toolIndex.get(index);
        String partial = delta.path("partial_json").asText("");
        if (n == null || partial.isEmpty()) {
          return;
        }
        ObjectNode call = Json.MAPPER.createObjectNode().put("index", n);
        call.putObject("function").put("arguments", partial);
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.putArray("tool_calls").add(call);
        emit(d, null);
      }
      default -> {
        // citations and event types added later carry nothing to translate.
      }
    }
  }

  /**
   * A whole signed (or redacted) thinking block in {@code thinking_blocks}, once its signature is
   * known, so the client can send it back without reassembling it.
   */
  private void thinkingBlock(ObjectNode block) {
    ObjectNode delta = Json.MAPPER.createObjectNode();
    delta.putArray("thinking_blocks").add(block);
    emit(delta, null);
  }

  private void text(String field, String value) {
    if (!value.isEmpty()) {
      emit(Json.MAPPER.createObjectNode().put(field, value), null);
    }
  }

  private void messageDelta(JsonNode data) {
    addUsage(data.get("usage"));
    String stop = data.path("delta").path("stop_reason").asText("");
    if (!stop.isEmpty() && !sawFinish) {
      sawFinish = true;
      emit(Json.MAPPER.createObjectNode(), AnthropicResponseDecoder.finishReason(stop));
    }
  }

  private void messageStop() {
    done = true;
    emitUsage();
  }

  /** Takes the counts an event reports; later events repeat or raise them (output is cumulative). */
  private void addUsage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return;
    }
    usageSeen = true;
    input = u.path("input_tokens").asLong(input);
    cacheRead = u.path("cache_read_input_tokens").asLong(cacheRead);
    cacheCreation = u.path("cache_creation_input_tokens").asLong(cacheCreation);
    cacheCreationLong = AnthropicResponseDecoder.longWrites(u, cacheCreationLong);
    output = u.path("output_tokens").asLong(output);
  }

  private void emitUsage() {
    if (!clientWantsUsage || !usageSeen) {
      return;
    }
    OpenAiShapes.write(out, OpenAiShapes.usageChunk(header(), usage()));
  }

  private void emit(ObjectNode delta, String finishReason) {
    OpenAiShapes.write(out, OpenAiShapes.choiceChunk(header(), 0, delta, finishReason));
  }

  private ObjectNode header() {
    return OpenAiShapes.header(id, OpenAiShapes.CHUNK, model, created);
  }

  @Override
  public void finish(Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    if (done) {
      return;
    }
    if (!sawFinish) {
      throw GatewayException.of(ErrorKind.UPSTREAM_ERROR,
          "The provider ended the stream before it was complete (no stop_reason and no"
              + " message_stop).");
    }
    // The answer is whole; only the closing event went missing.
    done = true;
    emitUsage();
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public Usage usage() {
    if (!usageSeen) {
      return Usage.UNKNOWN;
    }
    return AnthropicResponseDecoder.usage(input, cacheRead, cacheCreation, cacheCreationLong,
        output);
  }
}
