package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The event-stream frames of one ConverseStream answer, encoded with the AWS event-stream codec
 * (prelude with lengths and CRC, {@code :event-type}/{@code :content-type}/{@code :message-type}
 * headers, JSON payload, message CRC): {@code messageStart}, for a tool use a
 * {@code contentBlockStart} with its id and name, one {@code contentBlockDelta} per text token
 * (or input JSON fragment), {@code contentBlockStop}, {@code messageStop} with the stop reason and
 * {@code metadata} with usage and latency. Frames are rendered lazily, one per {@link #next()}.
 *
 * <p>Single-use; confined to the request's event loop.
 */
final class BedrockStream implements Reply.ChunkSource {
  private final BedrockRequest request;
  private final BedrockRequest.Generation gen;
  private final String toolUseId;
  private final int frames;
  private int step;

  BedrockStream(BedrockRequest request, BedrockRequest.Generation gen, String toolUseId) {
    this.request = request;
    this.gen = gen;
    this.toolUseId = toolUseId;
    // start, [block start], deltas, block stop, message stop, metadata
    this.frames = (request.tool() != null ? 5 : 4) + gen.pieces().size();
  }

  @Override
  public Buffer next() {
    if (step >= frames) {
      return null;
    }
    int s = step++;
    boolean tool = request.tool() != null;
    int firstDelta = tool ? 2 : 1;
    if (s == 0) {
      return event("messageStart", g -> g.writeStringField("role", "assistant"));
    }
    if (tool && s == 1) {
      return event("contentBlockStart", g -> {
        g.writeNumberField("contentBlockIndex", 0);
        g.writeObjectFieldStart("start");
        g.writeObjectFieldStart("toolUse");
        g.writeStringField("toolUseId", toolUseId);
        g.writeStringField("name", request.tool().name());
        g.writeEndObject();
        g.writeEndObject();
      });
    }
    if (s < firstDelta + gen.pieces().size()) {
      String piece = gen.pieces().get(s - firstDelta);
      return event("contentBlockDelta", g -> {
        g.writeNumberField("contentBlockIndex", 0);
        g.writeObjectFieldStart("delta");
        if (tool) {
          g.writeObjectFieldStart("toolUse");
          g.writeStringField("input", piece);
          g.writeEndObject();
        } else {
          g.writeStringField("text", piece);
        }
        g.writeEndObject();
      });
    }
    int rest = s - firstDelta - gen.pieces().size();
    return switch (rest) {
      case 0 -> event("contentBlockStop", g -> g.writeNumberField("contentBlockIndex", 0));
      case 1 -> event("messageStop", g -> g.writeStringField("stopReason", gen.stopReason()));
      default -> event("metadata", g -> BedrockResponder.writeUsageAndMetrics(g, request, gen));
    };
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
