package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;

/**
 * The server-sent events of one {@code streamGenerateContent?alt=sse} answer: one
 * {@code data: <GenerateContentResponse>} event per text token (a function call travels whole, in
 * one event), the last also carrying {@code finishReason} and {@code usageMetadata}. Unlike
 * OpenAI's streams there is no {@code [DONE]} sentinel; the stream simply ends.
 *
 * <p>Single-use; confined to the request's event loop. Events are rendered lazily, one per
 * {@link #next()}.
 */
final class GeminiStream implements Reply.ChunkSource {

  private final GeminiRequest request;
  private final GeminiRequest.Generation gen;
  private final String responseId;
  private int step;

  GeminiStream(GeminiRequest request, GeminiRequest.Generation gen, String responseId) {
    this.request = request;
    this.gen = gen;
    this.responseId = responseId;
  }

  @Override
  public Buffer next() {
    // Zero tokens still produce one (empty) event, so the finish reason always arrives.
    int events = Math.max(1, gen.pieces().size());
    int s = step;
    if (s >= events) {
      return null;
    }
    step++;
    String piece = gen.pieces().isEmpty() ? "" : gen.pieces().get(s);
    return MockJson.sse(g -> GeminiResponder.writeResponse(
        g, request, gen, responseId, piece, s == 0, s == events - 1));
  }
}
