package dev.switchboard.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Applies a request's behaviour to a validated Bedrock answer: hang, injected status (as
 * Bedrock's error, or — for a stream that also sets {@code drop_after_chunks} — as an exception
 * frame after that many frames), random failures, {@code latency_ms} before the answer or the
 * stream's headers, {@code ttft_ms} before the first frame, {@code chunk_interval_ms} between
 * frames and an abrupt close after {@code drop_after_chunks} frames.
 *
 * <p>One instance per streamed answer, confined to the request's event loop; waits only on
 * Vert.x timers and the drain handler, never blocks.
 */
final class BedrockDelivery {
  private static final CharSequence EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MockBehavior behavior;
  private final Reply.ChunkSource frames;
  /** Sent after {@code drop_after_chunks} frames instead of the rest, or null. */
  private final BedrockApiException failure;
  private final AtomicLong aborted;
  private int sent;
  private boolean stopped;

  private BedrockDelivery(Vertx vertx, HttpServerRequest request, MockBehavior behavior,
      Reply.ChunkSource frames, BedrockApiException failure, AtomicLong aborted) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.behavior = behavior;
    this.frames = frames;
    this.failure = failure;
    this.aborted = aborted;
  }

  /** Exactly one of {@code stream} and {@code json} is non-null. */
  static void deliver(Vertx vertx, HttpServerRequest request, MockBehavior behavior,
      Supplier<Reply.ChunkSource> stream, Supplier<Buffer> json, AtomicLong aborted) {
    if (behavior.hang()) {
      return; // never answer: the client's own timeout is what is under test
    }
    BedrockApiException failure = behavior.status() != 200
        ? BedrockErrors.forStatus(behavior.status(), behavior.retryAfterSeconds())
        : behavior.failRate() > 0 && ThreadLocalRandom.current().nextDouble() < behavior.failRate()
            ? BedrockErrors.forStatus(500, -1) : null;
    if (stream != null && (failure == null || behavior.dropAfterChunks() >= 0)) {
      new BedrockDelivery(vertx, request, behavior, stream.get(), failure, aborted).begin();
      return;
    }
    ReplyDelivery.after(vertx, behavior.latencyMs(), () -> {
      if (request.response().closed()) {
        return;
      }
      if (failure != null) {
        BedrockErrors.send(request.response(), failure);
      } else if (behavior.dropAfterChunks() >= 0) {
        ReplyDelivery.drop(request);
      } else {
        request.response().putHeader(MockHttp.CONTENT_TYPE, MockHttp.APPLICATION_JSON);
        request.response().end(json.get());
      }
    });
  }

  private void begin() {
    response.closeHandler(v -> clientGone());
    response.exceptionHandler(e -> clientGone());
    ReplyDelivery.after(vertx, behavior.latencyMs(), () -> {
      if (stopped || response.closed()) {
        return;
      }
      response.setChunked(true);
      response.putHeader(MockHttp.CONTENT_TYPE, EVENT_STREAM);
      response.writeHead();
      ReplyDelivery.after(vertx, behavior.ttftMs(), this::pump);
    });
  }

  /** Writes frames until done, a pause is due or the socket pushes back. */
  private void pump() {
    while (!stopped) {
      if (response.closed()) {
        clientGone();
        return;
      }
      if (behavior.dropAfterChunks() >= 0 && sent >= behavior.dropAfterChunks()) {
        stopped = true;
        if (failure != null) {
          response.end(BedrockErrors.frame(failure));
        } else {
          ReplyDelivery.drop(request);
        }
        return;
      }
      Buffer frame = frames.next();
      if (frame == null) {
        stopped = true;
        response.end();
        return;
      }
      response.write(frame);
      sent++;
      if (behavior.chunkIntervalMs() > 0) {
        vertx.setTimer(behavior.chunkIntervalMs(), id -> pump());
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> {
          response.drainHandler(null);
          pump();
        });
        return;
      }
    }
  }

  private void clientGone() {
    if (!stopped) {
      aborted.incrementAndGet();
    }
    stopped = true;
  }
}
