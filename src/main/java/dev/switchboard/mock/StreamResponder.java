package dev.switchboard.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one stream of server-sent events with the behaviour's timing: {@code latency_ms} before the
 * headers, {@code ttft_ms} before the first chunk, {@code chunk_interval_ms} between chunks, and an
 * abrupt close after {@code drop_after_chunks} chunks.
 *
 * <p>Confined to the request's event loop; waits only on Vert.x timers and the drain handler, never
 * blocks. Stops producing as soon as the client goes away, and pauses while the connection's write
 * queue is full until it drains.
 */
final class StreamResponder {

  private static final int BATCH_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MockBehavior behavior;
  private final Reply.ChunkSource source;
  private final AtomicLong aborted;
  private Buffer pending;
  private int sent;
  private boolean stopped;
  private long timer = -1;

  private StreamResponder(
      Vertx vertx,
      HttpServerRequest request,
      MockBehavior behavior,
      Reply.ChunkSource source,
      AtomicLong aborted) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.behavior = behavior;
    this.source = source;
    this.aborted = aborted;
  }

  /**
   * @param aborted incremented once if the client goes away before the stream ends
   */
  static void start(
      Vertx vertx,
      HttpServerRequest request,
      MockBehavior behavior,
      Reply.ChunkSource source,
      AtomicLong aborted) {
    new StreamResponder(vertx, request, behavior, source, aborted).begin();
  }

  private void begin() {
    response.closeHandler(v -> clientGone());
    response.exceptionHandler(e -> clientGone());
    after(behavior.latencyMs(), this::sendHeaders);
  }

  private void sendHeaders() {
    if (stopped || response.closed()) {
      return;
    }
    response.setChunked(true);
    response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.EVENT_STREAM);
    response.putHeader(MockHttp.CACHE_CONTROL, MockHttp.NO_CACHE);
    response.writeHead();
    pending = source.next();
    if (dropNow()) {
      return;
    }
    after(behavior.ttftMs(), this::pump);
  }

  /**
   * Writes chunks until the source is empty, a pause is due, or the socket pushes back. With no
   * interval configured the rest of the stream goes out in one pass, its events coalesced into
   * writes of up to {@link #BATCH_BYTES}: the bytes are the same, but a benchmark pays one flush per
   * batch instead of one per token.
   */
  private void pump() {
    timer = -1;
    Buffer batch = null;
    while (!stopped) {
      if (response.closed()) {
        clientGone();
        return;
      }
      if (response.writeQueueFull()) {
        write(batch);
        response.drainHandler(v -> {
          response.drainHandler(null); // one resume per stall, never a second pump beside a timer
          pump();
        });
        return;
      }
      Buffer chunk = pending;
      pending = source.next();
      sent++;
      batch = batch == null ? chunk : batch.appendBuffer(chunk);
      if (pending == null) {
        stopped = true;
        response.end(batch);
        return;
      }
      if (behavior.chunkIntervalMs() > 0) {
        write(batch);
        if (!dropNow()) {
          after(behavior.chunkIntervalMs(), this::pump);
        }
        return;
      }
      if (dropDue()) {
        write(batch);
        dropNow();
        return;
      }
      if (batch.length() >= BATCH_BYTES) {
        write(batch);
        batch = null;
      }
    }
  }

  private void write(Buffer batch) {
    if (batch != null) {
      response.write(batch);
    }
  }

  private boolean dropDue() {
    return behavior.dropAfterChunks() >= 0 && sent >= behavior.dropAfterChunks() && pending != null;
  }

  /** Closes the TCP connection mid-stream when the drop point is reached and chunks remain. */
  private boolean dropNow() {
    if (dropDue()) {
      stopped = true;
      ReplyDelivery.drop(request);
      return true;
    }
    return false;
  }

  private void after(long delayMs, Runnable action) {
    if (delayMs <= 0) {
      action.run();
    } else {
      timer = vertx.setTimer(delayMs, id -> action.run());
    }
  }

  private void clientGone() {
    if (!stopped) {
      aborted.incrementAndGet();
    }
    stop();
  }

  private void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
