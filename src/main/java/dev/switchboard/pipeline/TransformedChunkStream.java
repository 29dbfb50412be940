package dev.switchboard.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link ChunkStream} that passes another one through a {@link ChunkTransformer}, chunk by chunk,
 * without buffering the stream. Back-pressure and cancellation go straight to the source.
 *
 * <p>Threading: confined to the exchange's event loop, like the stream it wraps.
 */
public final class TransformedChunkStream implements ChunkStream {
  private final ChunkStream source;
  private final ChunkTransformer transformer;
  private Handler<Buffer> chunkHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean finished;

  public TransformedChunkStream(ChunkStream source, ChunkTransformer transformer) {
    this.source = source;
    this.transformer = transformer;
  }

  @Override
  public ChunkStream handler(Handler<Buffer> h) {
    this.chunkHandler = h;
    source.endHandler(v -> onEnd());
    source.exceptionHandler(this::fail);
    source.handler(this::onChunk);
    return this;
  }

  private void onChunk(Buffer chunk) {
    if (finished) {
      return;
    }
    try {
      transformer.chunk(chunk, this::emit);
    } catch (RuntimeException e) {
      // The source may keep sending; it is abandoned so the upstream is released.
      source.cancel();
      fail(e);
    }
  }

  private void emit(Buffer out) {
    if (!finished) {
      chunkHandler.handle(out);
    }
  }

  private void onEnd() {
    if (finished) {
      return;
    }
    try {
      transformer.end(this::emit);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    finished = true;
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void fail(Throwable t) {
    if (finished) {
      return;
    }
    finished = true;
    if (exceptionHandler != null) {
      exceptionHandler.handle(t);
    }
  }

  @Override
  public ChunkStream endHandler(Handler<Void> h) {
    this.endHandler = h;
    return this;
  }

  @Override
  public ChunkStream exceptionHandler(Handler<Throwable> h) {
    this.exceptionHandler = h;
    return this;
  }

  @Override
  public void pause() {
    source.pause();
  }

  @Override
  public void resume() {
    source.resume();
  }

  @Override
  public void cancel() {
    finished = true;
    source.cancel();
  }
}
