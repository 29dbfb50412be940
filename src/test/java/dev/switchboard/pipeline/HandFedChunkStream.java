package dev.switchboard.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link ChunkStream} for tests: it keeps the handlers it is given, records pause, resume and
 * cancel, and sends nothing by itself; the test feeds it through {@link #emit}, {@link #finish} and
 * {@link #fail}, or a subclass does when its handler is set.
 *
 * <p>Threading: the test's thread only.
 */
public class HandFedChunkStream implements ChunkStream {
  private Handler<Buffer> chunks;
  private Handler<Void> end;
  private Handler<Throwable> error;
  private boolean paused;
  private boolean cancelled;

  @Override
  public ChunkStream handler(Handler<Buffer> h) {
    chunks = h;
    return this;
  }

  @Override
  public ChunkStream endHandler(Handler<Void> h) {
    end = h;
    return this;
  }

  @Override
  public ChunkStream exceptionHandler(Handler<Throwable> h) {
    error = h;
    return this;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  /** Sends one chunk to the handler. */
  public void emit(String chunk) {
    chunks.handle(Buffer.buffer(chunk));
  }

  /** Ends the stream. */
  public void finish() {
    end.handle(null);
  }

  /** Fails the stream. */
  public void fail(Throwable t) {
    error.handle(t);
  }

  public boolean paused() {
    return paused;
  }

  public boolean cancelled() {
    return cancelled;
  }
}
