package dev.switchboard.provider;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Collects a complete upstream response body. A body that arrives in one network read — almost
 * every JSON answer — is handed on as the buffer Vert.x already made, instead of being copied into
 * a growing aggregate as {@link HttpClientResponse#body()} does; longer bodies are gathered into
 * one buffer sized from {@code Content-Length}.
 *
 * <p>Threading: one per response, on its event loop.
 */
final class ResponseBody {
  private final int sizeHint;
  private Buffer first;
  private Buffer gathered;

  private ResponseBody(int sizeHint) {
    this.sizeHint = sizeHint;
  }

  /** The whole body, or the failure that cut it short. */
  static Future<Buffer> of(HttpClientResponse resp) {
    String length = resp.getHeader("content-length");
    int hint = 0;
    if (length != null) {
      try {
        hint = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        hint = 0; // only a hint
      }
    }
    ResponseBody body = new ResponseBody(hint);
    Promise<Buffer> done = Promise.promise();
    resp.exceptionHandler(done::tryFail);
    resp.handler(body::add);
    resp.endHandler(v -> done.tryComplete(body.result()));
    return done.future();
  }

  private void add(Buffer chunk) {
    if (first == null && gathered == null) {
      first = chunk;
      return;
    }
    if (gathered == null) {
      gathered = Buffer.buffer(Math.max(sizeHint, first.length() + chunk.length()));
      gathered.appendBuffer(first);
      first = null;
    }
    gathered.appendBuffer(chunk);
  }

  private Buffer result() {
    if (gathered != null) {
      return gathered;
    }
    return first != null ? first : Buffer.buffer();
  }
}
