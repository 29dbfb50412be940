package dev.switchboard.api;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import dev.switchboard.provider.Deadlines;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a size limit and within a deadline, so an oversized or trickling body
 * gets a 413 or 408 instead of memory pressure or a hung request. Stateless apart from settings.
 *
 * <p>Threading: called on the request's event loop.
 */
final class BodyReader {
  private final Deadlines deadlines;
  private final long maxBytes;
  private final long timeoutMs;

  BodyReader(Deadlines deadlines, long maxBytes, long timeoutMs) {
    this.deadlines = deadlines;
    this.maxBytes = maxBytes;
    this.timeoutMs = timeoutMs;
  }

  Future<Buffer> read(HttpServerRequest req) {
    String declared = req.getHeader("content-length");
    if (declared != null) {
      long len = parseLength(declared);
      if (len > maxBytes) {
        return Future.failedFuture(tooLarge());
      }
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer(declared != null ? (int) Math.max(0, parseLength(declared)) : 1024);
    Deadlines.Entry timer = deadlines.schedule(timeoutMs, () -> promise.tryFail(
        GatewayException.of(ErrorKind.REQUEST_TIMEOUT, "The request body did not arrive within "
            + timeoutMs + " ms.")));
    req.handler(chunk -> {
      if (body.length() + chunk.length() > maxBytes) {
        timer.cancel();
        promise.tryFail(tooLarge());
        req.handler(null);
        return;
      }
      body.appendBuffer(chunk);
    });
    req.exceptionHandler(t -> {
      timer.cancel();
      promise.tryFail(GatewayException.of(ErrorKind.INVALID_REQUEST,
          "The request body could not be read: " + t.getMessage()));
    });
    req.endHandler(v -> {
      timer.cancel();
      promise.tryComplete(body);
    });
    return promise.future();
  }

  private GatewayException tooLarge() {
    return GatewayException.of(ErrorKind.PAYLOAD_TOO_LARGE, "The request body is larger than"
        + " the gateway's limit of " + maxBytes + " bytes (server.max_body_bytes).");
  }

  private static long parseLength(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
