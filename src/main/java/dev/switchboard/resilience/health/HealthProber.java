package dev.switchboard.resilience.health;

import dev.switchboard.config.HealthSpec;
import dev.switchboard.config.ProviderSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health probes: every {@code probe_interval} each provider gets one cheap authenticated
 * call (see {@link ProbeTarget}); any answer, body included, within {@code probe_timeout} shows the
 * provider is up — also a 404 or 405 from an OpenAI-compatible server without a model list, and a
 * 429 from a busy one — except a 5xx and a rejected key (401/403); those, a refused connection
 * and a timeout are failures. Outcomes and latencies go to {@link ProviderHealth}. Does nothing
 * when probes are switched off.
 *
 * <p>Uses its own HTTP client without keep-alive: probes are seconds apart, and a pooled
 * connection the provider closed while idle would fail a probe for no fault of the provider; a
 * fresh connection also checks that connecting (DNS, TCP, TLS) still works.
 *
 * <p>Threading: thread-safe; {@link #start}, {@link #stop} and {@link #probeOnce} may be called
 * from any thread. A tick is skipped while the previous round is still running.
 */
public final class HealthProber {

  private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

  private final Vertx vertx;
  private final HealthSpec spec;
  private final List<ProbeTarget> targets;
  private final ProviderHealth health;
  private final HttpClient client;
  private final long timeoutMs;
  private final AtomicBoolean roundRunning = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private long timerId = -1; // guarded by lifecycle
  private volatile boolean stopped;

  public HealthProber(Vertx vertx, HealthSpec spec, Collection<ProviderSpec> providers,
      ProviderHealth health) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.health = Objects.requireNonNull(health, "health");
    this.timeoutMs = Math.max(1, spec.probeTimeout().toMillis());
    List<ProbeTarget> list = new ArrayList<>(providers.size());
    for (ProviderSpec p : providers) {
      list.add(ProbeTarget.of(p));
      health.register(p.name());
    }
    this.targets = List.copyOf(list);
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(2));
  }

  /** Probes every provider now and then every {@code probe_interval}; a no-op when switched off. */
  public void start() {
    if (!spec.probes() || targets.isEmpty()) {
      return;
    }
    long interval = Math.max(1, spec.probeInterval().toMillis());
    synchronized (lifecycle) {
      if (timerId >= 0 || stopped) {
        return;
      }
      timerId = vertx.setPeriodic(interval, id -> tick());
    }
    tick();
  }

  /**
   * Stops probing for good and closes the client. A probe cut short by the closing client is not
   * recorded: its failure would be the gateway's, not the provider's.
   */
  public Future<Void> stop() {
    stopped = true;
    synchronized (lifecycle) {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }
    return client.close();
  }

  /** Probes every provider once; completes (never fails) when every outcome is recorded. */
  public Future<Void> probeOnce() {
    List<Future<Void>> probes = new ArrayList<>(targets.size());
    for (ProbeTarget target : targets) {
      probes.add(new Probe(target).run());
    }
    return Future.join(probes).mapEmpty();
  }

  private void tick() {
    if (!stopped && roundRunning.compareAndSet(false, true)) {
      probeOnce().onComplete(done -> roundRunning.set(false));
    }
  }

  /**
   * One probe of one provider. The response and the timeout timer may complete on different
   * threads, so the first to settle wins by compare-and-set and the other is ignored.
   */
  private final class Probe {
    final ProbeTarget target;
    final Promise<Void> done = Promise.promise();
    final AtomicBoolean settled = new AtomicBoolean();
    final long startNanos = System.nanoTime();
    volatile HttpClientRequest request;
    volatile long timer = -1; // -1 until set; the timer may even fire before it is assigned

    Probe(ProbeTarget target) {
      this.target = target;
    }

    Future<Void> run() {
      timer = vertx.setTimer(timeoutMs, id -> timedOut());
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.GET)
          .setAbsoluteURI(target.uri())
          .setHeaders(target.headers());
      client.request(options)
          .compose(req -> {
            request = req;
            if (settled.get()) {
              req.reset(); // timed out while connecting: do not leave it waiting on a hung host
            }
            return req.send();
          })
          .compose(resp -> resp.body().map(body -> resp.statusCode()))
          .onComplete(ar -> {
            if (ar.failed()) {
              settle(false, String.valueOf(ar.cause()));
            } else {
              int status = ar.result();
              settle(status < 500 && status != 401 && status != 403, "HTTP " + status);
            }
          });
      return done.future();
    }

    void timedOut() {
      if (settle(false, "no answer within " + timeoutMs + " ms")) {
        HttpClientRequest req = request;
        if (req != null) {
          req.reset(); // frees the connection of a provider that hangs
        }
      }
    }

    boolean settle(boolean ok, String detail) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      long id = timer;
      if (id >= 0) {
        vertx.cancelTimer(id);
      }
      long elapsed = System.nanoTime() - startNanos;
      if (ok || !stopped) {
        health.probeResult(target.provider(), elapsed, ok);
      }
      if (ok) {
        LOG.debug("probe of {} succeeded in {} ms", target.provider(), elapsed / 1_000_000);
      } else {
        LOG.debug("probe of {} ({}) failed: {}", target.provider(), target.uri(), detail);
      }
      done.complete();
      return true;
    }
  }
}
