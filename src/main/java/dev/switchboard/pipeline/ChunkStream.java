package dev.switchboard.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * A streamed answer as canonical chunks: each chunk is the JSON of one OpenAI
 * {@code chat.completion.chunk} (or {@code text_completion} chunk), without SSE framing.
 * Back-pressure flows through {@link #pause()} / {@link #resume()}.
 *
 * <p>Threading: handlers are called on the exchange's event loop; all methods must be called there.
 * Exactly one of end or exception is signalled, once.
 */
public interface ChunkStream {

  /** Sets the receiver of chunks; chunks start flowing once it is set. */
  ChunkStream handler(Handler<Buffer> chunkHandler);

  /** Called once after the last chunk of a complete stream. */
  ChunkStream endHandler(Handler<Void> endHandler);

  /** Called once if the stream fails; the argument is usually a {@link GatewayException}. */
  ChunkStream exceptionHandler(Handler<Throwable> exceptionHandler);

  /** Stops the flow of chunks until {@link #resume()}. */
  void pause();

  void resume();

  /** Abandons the stream and releases the upstream (the client went away). */
  void cancel();
}
