package dev.switchboard.api;

import dev.switchboard.pipeline.ChunkStream;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Reply} to the client: a complete JSON body, or Server-Sent Events forwarded chunk
 * by chunk as they arrive ({@link EventWrites}: the first at once, the ones that arrived together
 * in one write), with back-pressure (a full socket pauses the upstream). A stream that
 * fails before its first chunk is answered as a plain error; after that, with an error event — never
 * a silent truncation.
 *
 * <p>Threading: confined to the request's event loop.
 */
final class ReplyWriter {
  static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final Buffer DONE =
      Buffer.buffer("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));

  private ReplyWriter() {}

  static void complete(HttpServerResponse resp, Exchange ex, Reply.Complete reply,
      RequestOutcome outcome) {
    ex.commit();
    resp.setStatusCode(reply.status());
    resp.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
    resp.end(reply.body());
    outcome.finish(ex, reply.status(), reply.finalUsage(), null);
  }

  static void error(HttpServerResponse resp, Exchange ex, GatewayException e,
      RequestOutcome outcome) {
    if (!resp.ended() && !resp.closed()) {
      resp.setStatusCode(e.status());
      resp.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
      if (e.retryAfter() != null) {
        resp.putHeader("Retry-After", e.retryAfter());
      }
      if (e.status() == 408 || e.status() == 413) {
        resp.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
      resp.end(ErrorRenderer.envelope(e));
    }
    outcome.finish(ex, e.status(), null, e.kind().code());
  }

  static void stream(HttpServerResponse resp, Exchange ex, Reply.Streaming reply,
      RequestOutcome outcome) {
    ChunkStream chunks = reply.chunks();
    EventWrites writes = new EventWrites(resp, chunks, Vertx.currentContext());
    ex.onCancel(() -> {
      chunks.cancel();
      reply.usage().onComplete(u -> outcome.finish(ex, 499, u.result(), "client_closed"));
    });
    chunks.exceptionHandler(t -> {
      if (ex.cancelled()) {
        reply.usage().onComplete(u -> outcome.finish(ex, 499, u.result(), "client_closed"));
        return;
      }
      GatewayException e = GatewayException.wrap(t);
      if (!ex.committed()) {
        error(resp, ex, e, outcome);
        return;
      }
      writes.end(frame(Buffer.buffer(ErrorRenderer.envelopeJson(e))));
      reply.usage().onComplete(u -> outcome.finish(ex, 200, u.result(), e.kind().code()));
    });
    chunks.endHandler(v -> {
      startIfNeeded(resp, ex);
      writes.end(DONE);
      reply.usage().onComplete(u -> outcome.finish(ex, 200, u.result(), null));
    });
    chunks.handler(chunk -> {
      startIfNeeded(resp, ex);
      writes.write(frame(chunk));
    });
  }

  private static void startIfNeeded(HttpServerResponse resp, Exchange ex) {
    if (ex.committed()) {
      return;
    }
    ex.commit();
    resp.setStatusCode(200);
    resp.setChunked(true);
    resp.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
    resp.putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    resp.putHeader("X-Accel-Buffering", "no");
  }

  private static Buffer frame(Buffer chunk) {
    return Buffer.buffer(chunk.length() + 8).appendBytes(DATA).appendBuffer(chunk).appendBytes(END);
  }
}
