package dev.switchboard.policy.cache;

import dev.switchboard.pipeline.ChunkStream;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A {@link ChunkStream} over chunks already in memory (a cached answer replayed to a streaming
 * client). Chunks flow from the next turn of the event loop once a handler is set, stop while
 * paused, and the end is signalled after the last one.
 *
 * <p>Threading: confined to the event loop it was created on.
 */
final class ReplayedChunkStream implements ChunkStream {
  private final List<Buffer> chunks;
  private final Context context;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private int next;
  private boolean paused;
  private boolean done;
  private boolean scheduled;

  ReplayedChunkStream(List<Buffer> chunks) {
    this.chunks = List.copyOf(chunks);
    this.context = Vertx.currentContext();
  }

  @Override
  public ChunkStream handler(Handler<Buffer> h) {
    this.handler = h;
    schedule();
    return this;
  }

  @Override
  public ChunkStream endHandler(Handler<Void> h) {
    this.endHandler = h;
    return this;
  }

  @Override
  public ChunkStream exceptionHandler(Handler<Throwable> h) {
    // replaying memory cannot fail
    return this;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    schedule();
  }

  @Override
  public void cancel() {
    done = true;
  }

  private void schedule() {
    if (scheduled || done || handler == null) {
      return;
    }
    scheduled = true;
    if (context == null) {
      drain();
    } else {
      // not inside handler(): the caller may still be wiring the rest of its handlers
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled = false;
    while (!done && !paused && next < chunks.size()) {
      handler.handle(chunks.get(next++));
    }
    if (!done && next == chunks.size()) {
      done = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }
  }
}
