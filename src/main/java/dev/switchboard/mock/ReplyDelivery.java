package dev.switchboard.mock;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a request's behaviour to a validated {@link Reply}: hang, injected status, random
 * failures, latency and dropped connections, then sends the JSON or hands the stream to
 * {@link StreamResponder}.
 *
 * <p>Stateless; runs on the request's event loop and only ever waits on Vert.x timers.
 */
final class ReplyDelivery {

  private ReplyDelivery() {}

  /**
   * @param aborted counts streams the client abandons, see {@link MockServer#abortedStreams()}
   */
  static void deliver(Vertx vertx, HttpServerRequest request, MockBehavior behavior, Reply reply,
      AtomicLong aborted) {
    if (behavior.hang()) {
      return; // never answer: the client's own timeout is what is under test
    }
    MockApiException failure = injectedFailure(behavior, reply);
    if (failure != null && reply.streaming() && reply.isAnthropic()
        && behavior.dropAfterChunks() >= 0) {
      // Anthropic reports a failure that strikes mid-stream as an `error` event after a 200.
      Reply.ChunkSource events =
          AnthropicStream.failingAfter(reply.events(), behavior.dropAfterChunks(), failure);
      StreamResponder.start(vertx, request, neverDrop(behavior), events, aborted);
      return;
    }
    if (failure == null && reply.streaming()) {
      // Rendering is lazy, so the stream costs nothing if the client disconnects early.
      StreamResponder.start(vertx, request, behavior, reply.events(), aborted);
      return;
    }
    after(vertx, behavior.latencyMs(), () -> {
      HttpServerResponse response = request.response();
      if (response.closed()) {
        return;
      }
      if (behavior.dropAfterChunks() >= 0) {
        drop(request);
      } else if (failure != null) {
        MockErrors.send(response, failure);
      } else {
        response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.APPLICATION_JSON);
        response.end(reply.body());
      }
    });
  }

  /** The error a misbehaving upstream would answer with, or null for a normal answer. */
  private static MockApiException injectedFailure(MockBehavior behavior, Reply reply) {
    boolean anthropic = reply.isAnthropic();
    if (behavior.status() != 200) {
      int status = behavior.status();
      long retry = behavior.retryAfterSeconds();
      return anthropic ? AnthropicErrors.forStatus(status, reply.model(), retry)
          : reply.isGoogle() ? GeminiErrors.forStatus(status, reply.model(), retry)
          : MockErrors.forStatus(status, reply.model(), retry);
    }
    if (behavior.failRate() > 0 && ThreadLocalRandom.current().nextDouble() < behavior.failRate()) {
      return anthropic ? AnthropicErrors.serverError(500)
          : reply.isGoogle() ? GeminiErrors.serverError(500) : MockErrors.serverError();
    }
    return null;
  }

  /** {@code behavior} with {@code drop_after_chunks} off: the failure event ends the stream. */
  private static MockBehavior neverDrop(MockBehavior b) {
    return new MockBehavior(b.latencyMs(), b.ttftMs(), b.chunkIntervalMs(), b.tokens(), 200,
        b.failRate(), b.retryAfterSeconds(), b.hang(), -1);
  }

  /**
   * Ends the exchange abruptly: on HTTP/1.x by closing the TCP connection, on HTTP/2 by resetting
   * only this stream so other requests multiplexed on the connection are unaffected.
   */
  static void drop(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }

  static void after(Vertx vertx, long delayMs, Runnable action) {
    if (delayMs <= 0) {
      action.run();
    } else {
      vertx.setTimer(delayMs, id -> action.run());
    }
  }
}
