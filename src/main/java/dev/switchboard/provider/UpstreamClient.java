package dev.switchboard.provider;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The only code that does upstream I/O: sends what an adapter encoded, enforces the timeouts, and
 * hands the answer back through the same adapter as a {@link Reply} or a {@link GatewayException}.
 * A client that goes away resets the upstream request.
 *
 * <p>Threading: create one per event loop (its connection pool then stays on that loop); call it
 * only from that loop.
 */
public final class UpstreamClient {
  private final HttpClient http;
  private final UpstreamSettings settings;
  private final Deadlines deadlines;

  public UpstreamClient(Vertx vertx, UpstreamSettings settings, Deadlines deadlines) {
    this.settings = settings;
    this.deadlines = deadlines;
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) settings.connectTimeoutMs())
        .setKeepAliveTimeout(30)
        .setMaxInitialLineLength(16 * 1024)
        .setMaxHeaderSize(64 * 1024);
    this.http = vertx.createHttpClient(options,
        new PoolOptions().setHttp1MaxSize(settings.maxConnections()).setMaxWaitQueueSize(-1));
  }

  /** Sends the exchange to one target through its adapter. Never throws; failures fail the future. */
  public Future<Reply> send(Exchange ex, ProviderAdapter adapter, UpstreamTarget target) {
    UpstreamCall call;
    try {
      call = adapter.encode(ex, target);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    RequestOptions opts = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(call.uri())
        .setHeaders(call.headers());
    // No per-request idle timeout: Vert.x would arm a timer per request; the time to the headers
    // and the gaps inside a stream are watched by this loop's Deadlines instead.
    Attempt attempt = new Attempt(ex, adapter, target, call);
    http.request(opts).onComplete(ar -> {
      if (ar.failed()) {
        attempt.fail(ar.cause());
      } else {
        attempt.start(ar.result());
      }
    });
    return attempt.promise.future();
  }

  /** Closes pooled connections. */
  public Future<Void> close() {
    return http.close();
  }

  /** One upstream request in flight: its deadline timer and its outcome. Event-loop confined. */
  private final class Attempt {
    final Promise<Reply> promise = Promise.promise();
    final Exchange ex;
    final ProviderAdapter adapter;
    final UpstreamTarget target;
    final UpstreamCall call;
    final long startNanos = System.nanoTime();
    HttpClientRequest request;
    Deadlines.Entry timer;
    boolean timedOut;

    Attempt(Exchange ex, ProviderAdapter adapter, UpstreamTarget target, UpstreamCall call) {
      this.ex = ex;
      this.adapter = adapter;
      this.target = target;
      this.call = call;
    }

    void start(HttpClientRequest req) {
      this.request = req;
      ex.onCancel(() -> req.reset());
      long deadline = call.stream() ? settings.firstByteTimeoutMs()
          : Math.min(settings.firstByteTimeoutMs(), settings.totalTimeoutMs());
      timer = deadlines.schedule(deadline, () -> {
        timedOut = true;
        req.reset();
      });
      req.send(call.body()).onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
        } else {
          onResponse(ar.result());
        }
      });
    }

    void onResponse(HttpClientResponse resp) {
      int status = resp.statusCode();
      String type = resp.getHeader("content-type");
      boolean sse = type != null && (type.regionMatches(true, 0, "text/event-stream", 0, 17)
          || type.regionMatches(true, 0, "application/vnd.amazon.eventstream", 0, 34));
      if (status >= 200 && status < 300 && call.stream() && sse) {
        cancelTimer();
        ex.addUpstreamNanos(System.nanoTime() - startNanos);
        resp.pause();
        UpstreamChunkStream chunks = new UpstreamChunkStream(request, resp,
            adapter.newStreamDecoder(ex), t -> UpstreamFailures.map(t, target, false),
            deadlines, settings.idleTimeoutMs(), target.provider());
        promise.tryComplete(new Reply.Streaming(chunks, chunks.usageFuture()));
        return;
      }
      if (!call.stream() && settings.totalTimeoutMs() > settings.firstByteTimeoutMs()) {
        restartTimer(settings.totalTimeoutMs() - elapsedMs());
      }
      ResponseBody.of(resp).onComplete(ar -> {
        cancelTimer();
        ex.addUpstreamNanos(System.nanoTime() - startNanos);
        if (ar.failed()) {
          fail(ar.cause());
        } else if (status < 200 || status >= 300) {
          promise.tryFail(adapter.decodeError(target, status, resp.headers(), ar.result()));
        } else {
          try {
            promise.tryComplete(adapter.decode(ex, status, ar.result()));
          } catch (RuntimeException e) {
            promise.tryFail(e);
          }
        }
      });
    }

    private long elapsedMs() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void restartTimer(long ms) {
      if (timer != null) {
        timer.postpone(Math.max(1, ms));
      }
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
    }

    void fail(Throwable t) {
      cancelTimer();
      if (ex.cancelled()) {
        promise.tryFail(GatewayException.of(ErrorKind.REQUEST_TIMEOUT,
            "The client closed the connection before the answer was complete."));
        return;
      }
      promise.tryFail(UpstreamFailures.map(t, target, timedOut));
    }
  }
}
