package dev.switchboard.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends one stream of server-sent events with the behaviour's timing: {@code latency_ms} before the
 * headers, {@code ttft_ms} before the first chunk, {@code chunk_interval_ms} between chunks, and an
 * abrupt close after {@code drop_after_chunks} chunks.
 *
 * <p>Confined to the request's event loop; waits only on Vert.x timers and the drain handler, never
 * blocks. Stops producing as soon as the client goes away, and never writes past a full write
 * queue.
 */
final class StreamResponder {

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MockBehavior behavior;
  private final Reply.ChunkSource source;
  private Buffer pending;
  private int sent;
  private boolean stopped;
  private long timer = -1;

  private StreamResponder(
      Vertx vertx, HttpServerRequest request, MockBehavior behavior, Reply.ChunkSource source) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.behavior = behavior;
    this.source = source;
  }

  static void start(
      Vertx vertx, HttpServerRequest request, MockBehavior behavior, Reply.ChunkSource source) {
    new StreamResponder(vertx, request, behavior, source).begin();
  }

  private void begin() {
    response.closeHandler(v -> stop());
    response.exceptionHandler(e -> stop());
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
   * interval configured the whole stream goes out in one pass, which is what a benchmark wants.
   */
  private void pump() {
    timer = -1;
    while (!stopped) {
      if (response.closed()) {
        stop();
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> pump());
        return;
      }
      Buffer chunk = pending;
      pending = source.next();
      sent++;
      if (pending == null) {
        response.end(chunk);
        stopped = true;
        return;
      }
      response.write(chunk);
      if (dropNow()) {
        return;
      }
      if (behavior.chunkIntervalMs() > 0) {
        after(behavior.chunkIntervalMs(), this::pump);
        return;
      }
    }
  }

  /** Closes the TCP connection mid-stream when the drop point is reached and chunks remain. */
  private boolean dropNow() {
    if (behavior.dropAfterChunks() >= 0 && sent >= behavior.dropAfterChunks() && pending != null) {
      stopped = true;
      request.connection().close();
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

  private void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
