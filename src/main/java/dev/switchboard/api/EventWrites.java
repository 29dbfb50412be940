package dev.switchboard.api;

import dev.switchboard.pipeline.ChunkStream;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a stream's SSE frames to the client: the first one at once (the time to first token),
 * the later ones gathered until the end of the current event-loop task and then written together.
 * Events an upstream delivered in one read (a provider flushing a burst, a cached or replayed
 * answer) so go out in one write instead of one system call each, while an event that arrives on
 * its own is written at the end of the very task that received it: nothing waits for more data.
 * A full socket pauses the upstream stream until it drains.
 *
 * <p>Threading: confined to the request's event loop; {@code context} is that loop's context.
 */
final class EventWrites {
  private final HttpServerResponse resp;
  private final ChunkStream chunks;
  private final Context context;
  private boolean sentFirst;
  private Buffer pending;

  EventWrites(HttpServerResponse resp, ChunkStream chunks, Context context) {
    this.resp = resp;
    this.chunks = chunks;
    this.context = context;
  }

  /** Writes {@code frame} now if it is the stream's first, else at the end of this task. */
  void write(Buffer frame) {
    if (!sentFirst || context == null) {
      sentFirst = true;
      send(frame);
      return;
    }
    if (pending == null) {
      pending = Buffer.buffer(Math.max(1024, frame.length() * 4));
      context.runOnContext(v -> flush());
    }
    pending.appendBuffer(frame);
  }

  /** Ends the response with what is gathered and {@code last}, in one write. */
  void end(Buffer last) {
    Buffer b = pending;
    pending = null;
    if (resp.closed() || resp.ended()) {
      return;
    }
    resp.end(b == null ? last : b.appendBuffer(last));
  }

  private void flush() {
    Buffer b = pending;
    if (b != null) {
      pending = null;
      send(b);
    }
  }

  private void send(Buffer b) {
    if (resp.closed() || resp.ended()) {
      return; // the client is gone: the cancellation path releases the upstream
    }
    resp.write(b);
    if (resp.writeQueueFull()) {
      chunks.pause();
      resp.drainHandler(d -> chunks.resume());
    }
  }
}
