package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The event-stream frames of one ConverseStream answer, encoded with the AWS event-stream codec
 * (prelude with lengths and CRC, {@code :event-type}/{@code :content-type}/{@code :message-type}
 * headers, JSON payload, message CRC): {@code messageStart}; then per content block — Claude's
 * reasoning when it thinks (text pieces, then the signature; and a redacted block), then the
 * text, or each tool use in turn, numbered by {@code contentBlockIndex} — a
 * {@code contentBlockStart} with the tool's id and name, one {@code contentBlockDelta} per
 * token, reasoning piece or input JSON fragment and a {@code contentBlockStop};
 * {@code messageStop} with the stop reason and {@code metadata} with usage and latency. Frames
 * are planned up front and rendered lazily, one per {@link #next()}.
 *
 * <p>Single-use; confined to the request's event loop.
 */
final class BedrockStream implements Reply.ChunkSource {
  /** One frame still to render: its {@code :event-type} and its payload's fields. */
  private record Frame(String type, MockJson.Writer fields) {}

  private final List<Frame> frames = new ArrayList<>();
  private int step;

  BedrockStream(BedrockRequest request, BedrockRequest.Generation gen,
      Supplier<String> toolUseIds, PromptCache.Use cached) {
    frames.add(new Frame("messageStart", g -> g.writeStringField("role", "assistant")));
    int index = 0;
    if (request.thinkingBudget() > 0) {
      reasoning(index++);
    }
    if (request.redactedThinking()) {
      redacted(index++);
    }
    if (gen.calls().isEmpty()) {
      block(index, null, null, gen.pieces());
    }
    for (BedrockRequest.Call call : gen.calls()) {
      block(index++, toolUseIds.get(), call.name(), call.fragments());
    }
    frames.add(new Frame("messageStop", g -> g.writeStringField("stopReason",
        gen.stopReason())));
    frames.add(new Frame("metadata", g -> BedrockResponder.writeUsageAndMetrics(g, request,
        gen, cached)));
  }

  /** The frames of one content block: a text block when {@code toolUseId} is null. */
  private void block(int index, String toolUseId, String toolName, List<String> pieces) {
    if (toolUseId != null) {
      frames.add(new Frame("contentBlockStart", g -> {
        g.writeNumberField("contentBlockIndex", index);
        g.writeObjectFieldStart("start");
        g.writeObjectFieldStart("toolUse");
        g.writeStringField("toolUseId", toolUseId);
        g.writeStringField("name", toolName);
        g.writeEndObject();
        g.writeEndObject();
      }));
    }
    for (String piece : pieces) {
      frames.add(new Frame("contentBlockDelta", g -> {
        g.writeNumberField("contentBlockIndex", index);
        g.writeObjectFieldStart("delta");
        if (toolUseId != null) {
          g.writeObjectFieldStart("toolUse");
          g.writeStringField("input", piece);
          g.writeEndObject();
        } else {
          g.writeStringField("text", piece);
        }
        g.writeEndObject();
      }));
    }
    frames.add(new Frame("contentBlockStop", g -> g.writeNumberField("contentBlockIndex",
        index)));
  }

  /** The signed reasoning block: its text in pieces, then its signature. */
  private void reasoning(int index) {
    for (String piece : AnthropicThinking.pieces()) {
      frames.add(reasoningDelta(index, "text", piece));
    }
    frames.add(reasoningDelta(index, "signature",
        AnthropicThinking.signature(AnthropicThinking.TEXT)));
    frames.add(new Frame("contentBlockStop", g -> g.writeNumberField("contentBlockIndex",
        index)));
  }

  private void redacted(int index) {
    frames.add(reasoningDelta(index, "redactedContent", AnthropicThinking.redactedData()));
    frames.add(new Frame("contentBlockStop", g -> g.writeNumberField("contentBlockIndex",
        index)));
  }

  private static Frame reasoningDelta(int index, String field, String value) {
    return new Frame("contentBlockDelta", g -> {
      g.writeNumberField("contentBlockIndex", index);
      g.writeObjectFieldStart("delta");
      g.writeObjectFieldStart("reasoningContent");
      g.writeStringField(field, value);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public Buffer next() {
    if (step >= frames.size()) {
      return null;
    }
    Frame f = frames.get(step++);
    return event(f.type(), f.fields());
  }

  /** One event frame; Bedrock pads payloads with a {@code p} field, so the simulator does too. */
  private static Buffer event(String type, MockJson.Writer fields) {
    byte[] payload = MockJson.write(g -> {
      g.writeStartObject();
      fields.write(g);
      g.writeStringField("p", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0".substring(
          0, 1 + (type.length() % 7)));
      g.writeEndObject();
    }).getBytes();
    return encode(new Message(Map.of(
        ":event-type", HeaderValue.fromString(type),
        ":content-type", HeaderValue.fromString("application/json"),
        ":message-type", HeaderValue.fromString("event")), payload));
  }

  /** The frame's bytes. */
  static Buffer encode(Message m) {
    ByteBuffer bb = m.toByteBuffer();
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return Buffer.buffer(bytes);
  }
}
