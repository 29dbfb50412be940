package dev.switchboard.provider;

import dev.switchboard.pipeline.ChunkStream;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Function;

/**
 * A {@link ChunkStream} fed by an upstream HTTP response through a {@link StreamDecoder}. Pausing it
 * pauses the upstream socket, so a slow client slows the provider instead of filling memory.
 *
 * <p>Threading: confined to the event loop of the request. Set the end and exception handlers
 * before {@link #handler}, which starts the flow.
 */
final class UpstreamChunkStream implements ChunkStream {
  private final HttpClientRequest request;
  private final HttpClientResponse response;
  private final StreamDecoder decoder;
  private final Function<Throwable, GatewayException> mapFailure;
  private final Promise<Usage> usage = Promise.promise();
  private Handler<Buffer> chunkHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean finished;
  private final Deadlines.Entry idle;
  private final long idleMs;

  UpstreamChunkStream(HttpClientRequest request, HttpClientResponse response,
      StreamDecoder decoder, Function<Throwable, GatewayException> mapFailure,
      Deadlines deadlines, long idleMs, String provider) {
    this.request = request;
    this.response = response;
    this.decoder = decoder;
    this.mapFailure = mapFailure;
    this.idleMs = idleMs;
    this.idle = deadlines.schedule(idleMs, () -> {
      fail(GatewayException.of(ErrorKind.UPSTREAM_TIMEOUT, "Provider '" + provider
          + "' sent nothing for " + idleMs + " ms in the middle of a stream (upstream.idle_timeout)."));
      request.reset();
    });
  }

  Future<Usage> usageFuture() {
    return usage.future();
  }

  @Override
  public ChunkStream handler(Handler<Buffer> h) {
    this.chunkHandler = h;
    response.exceptionHandler(t -> fail(mapFailure.apply(t)));
    response.endHandler(v -> onEnd());
    response.handler(this::onBytes);
    response.resume();
    return this;
  }

  private void onBytes(Buffer bytes) {
    if (finished) {
      return;
    }
    idle.postpone(idleMs);
    try {
      decoder.feed(bytes, chunkHandler);
    } catch (RuntimeException e) {
      fail(GatewayException.wrap(e));
      request.reset();
      return;
    }
    if (decoder.done()) {
      // Answer the client now; the rest of the upstream response (if any) is drained and ignored.
      onEnd();
    }
  }

  private void onEnd() {
    if (finished) {
      return;
    }
    try {
      decoder.finish(chunkHandler);
    } catch (RuntimeException e) {
      fail(GatewayException.wrap(e));
      return;
    }
    finished = true;
    idle.cancel();
    usage.tryComplete(decoder.usage());
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void fail(Throwable t) {
    if (finished) {
      return;
    }
    finished = true;
    idle.cancel();
    usage.tryComplete(decoder.usage());
    if (exceptionHandler != null) {
      exceptionHandler.handle(t);
    }
  }

  @Override
  public ChunkStream endHandler(Handler<Void> h) {
    this.endHandler = h;
    return this;
  }

  @Override
  public ChunkStream exceptionHandler(Handler<Throwable> h) {
    this.exceptionHandler = h;
    return this;
  }

  @Override
  public void pause() {
    response.pause();
  }

  @Override
  public void resume() {
    response.resume();
  }

  @Override
  public void cancel() {
    if (!finished) {
      finished = true;
      idle.cancel();
      usage.tryComplete(decoder.usage());
      request.reset();
    }
  }
}
