package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The named server-sent events of one streamed Messages API answer, in the documented order:
 * {@code message_start} (the message with empty content), {@code content_block_start},
 * {@code ping}, one {@code content_block_delta} per token ({@code text_delta}) or tool-input
 * fragment ({@code input_json_delta}), {@code content_block_stop}, {@code message_delta} (stop
 * reason and output tokens) and {@code message_stop}. With thinking on, a {@code thinking} block
 * ({@code thinking_delta} pieces, then one {@code signature_delta}) and possibly a
 * {@code redacted_thinking} block come first. Each event is
 * {@code event: <name>\ndata: <json>\n\n}.
 *
 * <p>Single-use; confined to the request's event loop. Events are rendered lazily, one per
 * {@link #next()}.
 */
final class AnthropicStream implements Reply.ChunkSource {

  private final AnthropicRequest request;
  private final AnthropicRequest.Generation gen;
  private final AnthropicResponder.Header header;
  private final PromptCache.Use cached;
  /** The events in order, each rendered only when its turn comes. */
  private final List<Supplier<Buffer>> steps = new ArrayList<>();
  private int step;

  AnthropicStream(AnthropicRequest request, AnthropicRequest.Generation gen,
      AnthropicResponder.Header header, PromptCache.Use cached) {
    this.request = request;
    this.gen = gen;
    this.header = header;
    this.cached = cached;
    steps.add(this::messageStart);
    int index = 0;
    if (request.thinking()) {
      thinkingBlock(index++);
      if (request.redactedThinking()) {
        redactedBlock(index++);
      }
    }
    int main = index;
    steps.add(() -> blockStart(main));
    steps.add(() -> event("ping", g -> {
      g.writeStartObject();
      g.writeStringField("type", "ping");
      g.writeEndObject();
    }));
    for (String piece : gen.pieces()) {
      steps.add(() -> delta(main, gen.toolName() == null ? "text_delta" : "input_json_delta",
          gen.toolName() == null ? "text" : "partial_json", piece));
    }
    steps.add(() -> blockStop(main));
    for (int i = 0; i < request.alsoCalled().size(); i++) {
      parallelCall(main + 1 + i, request.alsoCalled().get(i), header.alsoCalledIds().get(i));
    }
    steps.add(this::messageDelta);
    steps.add(() -> event("message_stop", g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_stop");
      g.writeEndObject();
    }));
  }

  @Override
  public Buffer next() {
    return step < steps.size() ? steps.get(step++).get() : null;
  }

  private void thinkingBlock(int index) {
    steps.add(() -> start(index, g -> {
      g.writeStringField("type", "thinking");
      g.writeStringField("thinking", "");
      g.writeStringField("signature", "");
    }));
    for (String piece : AnthropicThinking.pieces()) {
      steps.add(() -> delta(index, "thinking_delta", "thinking", piece));
    }
    steps.add(() -> delta(index, "signature_delta", "signature",
        AnthropicThinking.signature(AnthropicThinking.TEXT)));
    steps.add(() -> blockStop(index));
  }

  private void parallelCall(int index, AnthropicRequest.Tool tool, String id) {
    steps.add(() -> start(index, g -> {
      g.writeStringField("type", "tool_use");
      g.writeStringField("id", id);
      g.writeStringField("name", tool.name());
      g.writeObjectFieldStart("input");
      g.writeEndObject();
    }));
    for (String piece : AnthropicRequest.inputPieces(tool)) {
      steps.add(() -> delta(index, "input_json_delta", "partial_json", piece));
    }
    steps.add(() -> blockStop(index));
  }

  private void redactedBlock(int index) {
    steps.add(() -> start(index, g -> {
      g.writeStringField("type", "redacted_thinking");
      g.writeStringField("data", AnthropicThinking.redactedData());
    }));
    steps.add(() -> blockStop(index));
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
      AnthropicResponder.writeUsage(g, request, cached, Math.min(1, gen.pieces().size()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private Buffer blockStart(int index) {
    return start(index, g -> {
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
    });
  }

  /** {@code content_block_start}; {@code block} writes the block's fields. */
  private static Buffer start(int index, MockJson.Writer block) {
    return event("content_block_start", g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_start");
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("content_block");
      block.write(g);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static Buffer delta(int index, String type, String field, String value) {
    return event("content_block_delta", g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_delta");
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("delta");
      g.writeStringField("type", type);
      g.writeStringField(field, value);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static Buffer blockStop(int index) {
    return event("content_block_stop", g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_stop");
      g.writeNumberField("index", index);
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
      g.writeNumberField("output_tokens",
          gen.pieces().size() + AnthropicThinking.outputTokens(request)
              + request.alsoCalledTokens());
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
