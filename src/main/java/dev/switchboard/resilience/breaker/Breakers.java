package dev.switchboard.resilience.breaker;

import dev.switchboard.config.BreakerSpec;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry of circuit breakers: one {@link DeploymentBreaker} per deployment id, created on
 * first use, with its metrics, and wired to a {@link BreakerSync} so that states are shared with
 * other replicas. The registry takes ownership of the sync and closes it in {@link #close()}.
 *
 * <p>The {@link BreakerSpec} given to {@link #get} is used when the breaker is created; later
 * calls with another spec get the existing breaker (a changed configuration takes effect with a
 * new registry).
 *
 * <p>Threading: thread-safe; {@link #get} is a lock-free map read once the breaker exists, so it
 * can be called per request from every event loop.
 */
public final class Breakers implements AutoCloseable {
  private final Clock clock;
  private final BreakerSync sync;
  private final BreakerMetrics metrics;
  private final Map<String, DeploymentBreaker> byName = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public Breakers(MeterRegistry registry, Clock clock, BreakerSync sync) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.metrics = new BreakerMetrics(Objects.requireNonNull(registry, "registry"));
    sync.bind(this::onShared); // last: the receiver may run at once, on another thread
  }

  /** The breaker of a deployment, created with {@code spec} on first use. */
  public DeploymentBreaker get(String deploymentId, String provider, BreakerSpec spec) {
    DeploymentBreaker existing = byName.get(deploymentId);
    if (existing != null) {
      return existing;
    }
    DeploymentBreaker[] created = new DeploymentBreaker[1];
    DeploymentBreaker b = byName.computeIfAbsent(deploymentId, id -> {
      created[0] = new DeploymentBreaker(id, provider, spec, clock, sync,
          metrics.provider(provider));
      return created[0];
    });
    if (b == created[0]) {
      // outside computeIfAbsent: neither may run while the map bin is locked
      gauges.put(deploymentId, metrics.registerGauges(b));
      sync.lookup(deploymentId);
    }
    return b;
  }

  /** The breaker of a deployment, if one was created. */
  public Optional<DeploymentBreaker> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** A snapshot of every breaker. */
  public Collection<DeploymentBreaker> all() {
    return List.copyOf(byName.values());
  }

  /** Admin: resets every breaker (and shares each reset). */
  public void resetAll() {
    byName.values().forEach(DeploymentBreaker::reset);
  }

  /** Removes the state gauges and closes the sync. Idempotent; may block briefly. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      gauges.values().forEach(metrics::remove);
      gauges.clear();
      sync.close();
    }
  }

  /** A state from another replica: applied to our breaker, if this replica has one yet. */
  private void onShared(BreakerUpdate update) {
    DeploymentBreaker b = byName.get(update.name());
    if (b != null) {
      b.applyShared(update);
    }
    // no breaker yet: when it is created, lookup() reads the shared state
  }
}
