package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The named server-sent events of one streamed Messages API answer, in the documented order:
 * {@code message_start} (the message with empty content), {@code content_block_start},
 * {@code ping}, one {@code content_block_delta} per token ({@code text_delta}) or tool-input
 * fragment ({@code input_json_delta}), {@code content_block_stop}, {@code message_delta} (stop
 * reason and output tokens) and {@code message_stop}. Each event is
 * {@code event: <name>\ndata: <json>\n\n}.
 *
 * <p>Single-use; confined to the request's event loop. Events are rendered lazily, one per
 * {@link #next()}.
 */
final class AnthropicStream implements Reply.ChunkSource {

  private final AnthropicRequest request;
  private final AnthropicRequest.Generation gen;
  private final AnthropicResponder.Header header;
  private int step;

  AnthropicStream(
      AnthropicRequest request, AnthropicRequest.Generation gen, AnthropicResponder.Header header) {
    this.request = request;
    this.gen = gen;
    this.header = header;
  }

  @Override
  public Buffer next() {
    int s = step++;
    int pieces = gen.pieces().size();
    if (s == 0) {
      return messageStart();
    }
    if (s == 1) {
      return blockStart();
    }
    if (s == 2) {
      return event("ping", g -> {
        g.writeStartObject();
        g.writeStringField("type", "ping");
        g.writeEndObject();
      });
    }
    if (s < 3 + pieces) {
      return delta(gen.pieces().get(s - 3));
    }
    return switch (s - 3 - pieces) {
      case 0 -> event("content_block_stop", g -> {
        g.writeStartObject();
        g.writeStringField("type", "content_block_stop");
        g.writeNumberField("index", 0);
        g.writeEndObject();
      });
      case 1 -> messageDelta();
      case 2 -> event("message_stop", g -> {
        g.writeStartObject();
        g.writeStringField("type", "message_stop");
        g.writeEndObject();
      });
      default -> null;
    };
  }

  private Buffer messageStart() {
    return event("message_start", g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_start");
      g.writeObjectFieldStart("message");
      AnthropicResponder.writeStart(g, header);
      g.writeArrayFieldStart("content");
      g.writeEndArray();
      g.writeNullField("stop_reason");
      g.writeNullField("stop_sequence");
      // As the API does: the first token is already counted when the message starts.
      AnthropicResponder.writeUsage(g, request.inputTokens(), Math.min(1, gen.pieces().size()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private Buffer blockStart() {
    return event("content_block_start", g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_start");
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("content_block");
      if (gen.toolName() == null) {
        g.writeStringField("type", "text");
        g.writeStringField("text", "");
      } else {
        g.writeStringField("type", "tool_use");
        g.writeStringField("id", header.toolUseId());
        g.writeStringField("name", gen.toolName());
        g.writeObjectFieldStart("input");
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private Buffer delta(String piece) {
    return event("content_block_delta", g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_delta");
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("delta");
      if (gen.toolName() == null) {
        g.writeStringField("type", "text_delta");
        g.writeStringField("text", piece);
      } else {
        g.writeStringField("type", "input_json_delta");
        g.writeStringField("partial_json", piece);
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private Buffer messageDelta() {
    return event("message_delta", g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_delta");
      g.writeObjectFieldStart("delta");
      g.writeStringField("stop_reason", gen.stopReason());
      AnthropicResponder.writeNullable(g, "stop_sequence", gen.stopSequence());
      g.writeEndObject();
      g.writeObjectFieldStart("usage");
      g.writeNumberField("output_tokens", gen.pieces().size());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** {@code event: <name>} and the JSON as its {@code data:} line, in one buffer. */
  static Buffer event(String name, MockJson.Writer writer) {
    Buffer out = Buffer.buffer(384);
    out.appendString("event: " + name + "\n", StandardCharsets.UTF_8.name());
    return out.appendBuffer(MockJson.sse(writer));
  }

  /**
   * {@code source}'s first {@code events} events, then an {@code error} event carrying
   * {@code failure}, then the end: how the API reports an overload that strikes mid-stream, after
   * the 200 and the first events are already on the wire.
   */
  static Reply.ChunkSource failingAfter(
      Reply.ChunkSource source, int events, MockApiException failure) {
    return new Reply.ChunkSource() {
      private int sent;

      @Override
      public Buffer next() {
        int s = sent++;
        if (s < events) {
          Buffer b = source.next();
          if (b != null) {
            return b;
          }
          sent = events + 1; // the stream was shorter than the failure point: fail at its end
          s = events;
        }
        if (s == events) {
          Buffer data = AnthropicErrors.render(failure);
          return Buffer.buffer("event: error\ndata: ").appendBuffer(data).appendString("\n\n");
        }
        return null;
      }
    };
  }
}
