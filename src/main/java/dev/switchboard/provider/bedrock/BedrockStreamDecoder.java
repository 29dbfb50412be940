package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import dev.switchboard.provider.StreamDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * Decodes a ConverseStream answer — AWS event-stream binary frames ({@code
 * application/vnd.amazon.eventstream}, framing and CRCs checked by the AWS codec, frames split
 * anywhere across network reads) — into OpenAI {@code chat.completion.chunk} objects (one buffer
 * per chunk, without SSE framing). {@code messageStart} gives the role chunk, text and reasoning
 * deltas become content and {@code reasoning_content} deltas, a {@code toolUse} block start opens
 * a tool call (id and name) whose {@code input} fragments arrive as argument fragments,
 * {@code messageStop} gives the finish chunk, and {@code metadata} the usage (a usage chunk when
 * the client asked) and the end of the stream. Exception frames become gateway errors.
 *
 * <p>Threading: one instance per stream, confined to its event loop.
 */
final class BedrockStreamDecoder implements StreamDecoder {
  private final boolean clientWantsUsage;
  private final String id;
  private final String model;
  private final long created;
  private final MessageDecoder frames = new MessageDecoder(this::onFrame);
  /** OpenAI tool-call index of each open {@code toolUse} content block, by block index. */
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  /** The reasoning text of the open reasoning block, until its signature closes it. */
  private final StringBuilder thinking = new StringBuilder();
  private Handler<Buffer> out;
  private boolean started;
  private boolean stopped;
  private Usage usage = Usage.UNKNOWN;
  private boolean done;

  BedrockStreamDecoder(boolean clientWantsUsage, String id, String model, long created) {
    this.clientWantsUsage = clientWantsUsage;
    this.id = id;
    this.model = model;
    this.created = created;
  }

  @Override
  public void feed(Buffer bytes, Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    try {
      frames.feed(bytes.getBytes());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the codec's CRC and length checks: the bytes are not an event stream
      throw GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
          "The provider sent a malformed event-stream frame: " + e.getMessage()).build();
    }
  }

  private void onFrame(Message frame) {
    String messageType = header(frame, ":message-type");
    if ("exception".equals(messageType) || "error".equals(messageType)) {
      throw BedrockErrors.streamError(frame);
    }
    if (done) {
      return;
    }
    JsonNode event = parse(frame.getPayload());
    switch (header(frame, ":event-type")) {
      case "messageStart" -> start();
      case "contentBlockStart" -> blockStart(event);
      case "contentBlockDelta" -> blockDelta(event);
      case "messageStop" -> stop(event);
      case "metadata" -> metadata(event);
      default -> { } // contentBlockStop and events added later carry nothing to translate
    }
  }

  static String header(Message frame, String name) {
    HeaderValue v = frame.getHeaders().get(name);
    return v == null ? "" : v.getString();
  }

  private static JsonNode parse(byte[] payload) {
    try {
      JsonNode node = Json.MAPPER.readTree(payload);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
        "The provider sent a stream event that is not a JSON object.")
        .upstreamBody(new String(payload, 0, Math.min(payload.length, 2000),
            StandardCharsets.UTF_8)).build();
  }

  private void start() {
    if (!started) {
      started = true;
      emit(Json.MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null);
    }
  }

  private void blockStart(JsonNode event) {
    start();
    JsonNode use = event.path("start").get("toolUse");
    if (use == null) {
      return;
    }
    int index = toolIndexByBlock.size();
    toolIndexByBlock.put(event.path("contentBlockIndex").asInt(), index);
    ObjectNode delta = Json.MAPPER.createObjectNode();
    ObjectNode call = delta.putArray("tool_calls").addObject();
    call.put("index", index).put("id", use.path("toolUseId").asText("")).put("type", "function");
    call.putObject("function").put("name", use.path("name").asText("")).put("arguments", "");
    emit(delta, null);
  }

  private void blockDelta(JsonNode event) {
    start();
    JsonNode delta = event.path("delta");
    if (delta.has("toolUse")) {
      Integer index = toolIndexByBlock.get(event.path("contentBlockIndex").asInt());
      String fragment = delta.path("toolUse").path("input").asText("");
      if (index == null || fragment.isEmpty()) {
        return;
      }
      ObjectNode d = Json.MAPPER.createObjectNode();
      d.putArray("tool_calls").addObject().put("index", index)
          .putObject("function").put("arguments", fragment);
      emit(d, null);
    } else if (delta.has("reasoningContent")) {
      reasoningDelta(delta.get("reasoningContent"));
    } else {
      String text = delta.path("text").asText("");
      if (!text.isEmpty()) {
        emit(Json.MAPPER.createObjectNode().put("content", text), null);
      }
    }
  }

  /**
   * Reasoning text goes out as it comes; once its signature arrives (or a redacted block), the
   * whole block follows in {@code thinking_blocks}, for the client to send back.
   */
  private void reasoningDelta(JsonNode r) {
    String text = r.path("text").asText("");
    if (!text.isEmpty()) {
      thinking.append(text);
      emit(Json.MAPPER.createObjectNode().put("reasoning_content", text), null);
    }
    String signature = r.path("signature").asText("");
    String redacted = r.path("redactedContent").asText("");
    ObjectNode block = !signature.isEmpty()
        ? BedrockThinking.thinkingBlock(thinking.toString(), signature)
        : !redacted.isEmpty() ? BedrockThinking.redactedBlock(redacted) : null;
    if (block != null) {
      thinking.setLength(0);
      ObjectNode d = Json.MAPPER.createObjectNode();
      d.putArray("thinking_blocks").add(block);
      emit(d, null);
    }
  }

  private void stop(JsonNode event) {
    start();
    stopped = true;
    emit(Json.MAPPER.createObjectNode(),
        BedrockResponseDecoder.finishReason(event.path("stopReason").asText("")));
  }

  /** Bedrock's last event: usage and latency, after {@code messageStop}. */
  private void metadata(JsonNode event) {
    usage = BedrockResponseDecoder.usage(event.get("usage"));
    if (stopped) {
      end();
    }
  }

  private void end() {
    done = true;
    if (clientWantsUsage && usage.reported()) {
      OpenAiShapes.write(out, OpenAiShapes.usageChunk(
          OpenAiShapes.header(id, OpenAiShapes.CHUNK, model, created), usage));
    }
  }

  private void emit(ObjectNode delta, String finishReason) {
    OpenAiShapes.write(out, OpenAiShapes.choiceChunk(
        OpenAiShapes.header(id, OpenAiShapes.CHUNK, model, created), 0, delta, finishReason));
  }

  @Override
  public void finish(Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    if (done) {
      return;
    }
    if (!stopped) {
      throw GatewayException.of(ErrorKind.UPSTREAM_ERROR,
          "The provider ended the stream before it was complete (no messageStop event).");
    }
    end(); // a stream without its metadata event still ends cleanly, only without usage
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
