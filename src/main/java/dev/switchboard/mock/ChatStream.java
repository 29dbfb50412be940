package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The {@code chat.completion.chunk} events of one streamed chat answer. Per choice: an opening
 * chunk (role, or for a tool call role plus the call's id, type, name and empty arguments), one
 * chunk per token or argument fragment, and a closing chunk with an empty delta and the finish
 * reason.
 *
 * <p>Single-use; confined to the request's event loop.
 */
final class ChatStream extends ChoiceStream {

  private final ChatRequest request;
  private final ChatRequest.Generation gen;
  private final ChatResponder.Header header;
  private final String[] callIds;

  ChatStream(
      ChatRequest request,
      ChatRequest.Generation gen,
      ChatResponder.Header header,
      String[] callIds) {
    super(request.n(), gen.pieces().size() + 2, request.includeUsage());
    this.request = request;
    this.gen = gen;
    this.header = header;
    this.callIds = callIds;
  }

  @Override
  Buffer choiceChunk(int phase, int index) {
    int last = gen.pieces().size() + 1;
    return MockJson.sse(g -> {
      open(g);
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("delta");
      if (phase == 0) {
        openingDelta(g, index);
      } else if (phase < last) {
        pieceDelta(g, gen.pieces().get(phase - 1));
      }
      g.writeEndObject();
      g.writeNullField("logprobs");
      if (phase == last) {
        g.writeStringField("finish_reason", gen.finishReason());
      } else {
        g.writeNullField("finish_reason");
      }
      g.writeEndObject();
      g.writeEndArray();
      if (request.includeUsage()) {
        g.writeNullField("usage");
      }
      g.writeEndObject();
    });
  }

  @Override
  Buffer usageChunk() {
    return MockJson.sse(g -> {
      open(g);
      g.writeArrayFieldStart("choices");
      g.writeEndArray();
      ChatResponder.writeUsage(g, request.promptTokens(), gen.pieces().size() * request.n());
      g.writeEndObject();
    });
  }

  private void open(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", header.id());
    g.writeStringField("object", "chat.completion.chunk");
    g.writeNumberField("created", header.created());
    g.writeStringField("model", header.model());
    g.writeStringField("service_tier", "default");
    g.writeStringField("system_fingerprint", MockHttp.SYSTEM_FINGERPRINT);
  }

  private void openingDelta(JsonGenerator g, int index) throws IOException {
    g.writeStringField("role", "assistant");
    if (callIds == null) {
      g.writeStringField("content", "");
    } else {
      // As OpenAI does: the first tool-call delta names the call; arguments follow in fragments.
      g.writeNullField("content");
      g.writeArrayFieldStart("tool_calls");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeStringField("id", callIds[index]);
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", gen.toolName());
      g.writeStringField("arguments", "");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeNullField("refusal");
  }

  private void pieceDelta(JsonGenerator g, String piece) throws IOException {
    if (callIds == null) {
      g.writeStringField("content", piece);
      return;
    }
    g.writeArrayFieldStart("tool_calls");
    g.writeStartObject();
    g.writeNumberField("index", 0);
    g.writeObjectFieldStart("function");
    g.writeStringField("arguments", piece);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
  }
}
