package dev.switchboard.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BreakerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry and what it shares through a {@link BreakerSync}, with an in-memory fake sync. */
class BreakersTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final BreakerSpec SPEC = new BreakerSpec(true, 3, 2, Duration.ofSeconds(30), 0.5,
      10);
  private static final String NAME = "openai/gpt-4o";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(T0);
  private final RecordingSync sync = new RecordingSync();
  private final Breakers breakers = new Breakers(registry, clock, sync);

  @AfterEach
  void close() {
    breakers.close();
  }

  @Test
  void oneBreakerPerDeploymentEvenWhenCreatedConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<DeploymentBreaker>> got = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(() -> {
          start.await();
          return breakers.get(NAME, "openai", SPEC);
        }));
      }
      start.countDown();
      DeploymentBreaker first = got.get(0).get(5, TimeUnit.SECONDS);
      for (Future<DeploymentBreaker> f : got) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sync.lookups).containsExactly(NAME);
    assertThat(breakers.find(NAME)).isPresent();
    assertThat(breakers.find("nope/nope")).isEmpty();
    assertThat(breakers.all()).hasSize(1);
  }

  @Test
  void sharesOpenAndCloseButNotHalfOpen() {
    DeploymentBreaker b = trip();
    assertThat(sync.published).containsExactly(
        new BreakerUpdate(NAME, BreakerState.OPEN, T0, T0 + 30_000, false));
    clock.advance(Duration.ofSeconds(31));
    b.tryAcquire();
    b.onSuccess(1);
    b.tryAcquire();
    b.onSuccess(1);
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(sync.published).extracting(BreakerUpdate::state)
        .containsExactly(BreakerState.OPEN, BreakerState.CLOSED);
  }

  @Test
  void adminActionsAreSharedOnceAsManual() {
    DeploymentBreaker b = breakers.get(NAME, "openai", SPEC);
    b.forceOpen();
    b.reset();
    b.reset(); // already closed: still shared, another replica may not be
    assertThat(sync.published).containsExactly(
        new BreakerUpdate(NAME, BreakerState.FORCED_OPEN, T0, 0, true),
        new BreakerUpdate(NAME, BreakerState.CLOSED, 0, 0, true),
        new BreakerUpdate(NAME, BreakerState.CLOSED, 0, 0, true));
  }

  @Test
  void appliesAnOpenFromElsewhereWithoutEchoingIt() {
    DeploymentBreaker b = breakers.get(NAME, "openai", SPEC);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.OPEN, T0 - 10_000, T0 + 20_000, false));
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.view().openedAtMillis()).isEqualTo(T0 - 10_000);
    assertThat(b.view().retryAtMillis()).as("the other replica's retry time")
        .isEqualTo(T0 + 20_000);
    assertThat(sync.published).isEmpty();
    clock.advance(Duration.ofMillis(20_001));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(sync.published).isEmpty();
  }

  @Test
  void ignoresAStaleOpenAndCapsTheRetryTimeAtItsOwnTimeout() {
    DeploymentBreaker b = breakers.get(NAME, "openai", SPEC);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.OPEN, T0 - 60_000, T0 - 1, false));
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.OPEN, T0, T0 + 3_600_000, false));
    assertThat(b.view().retryAtMillis()).isEqualTo(T0 + 30_000);
  }

  @Test
  void aClosedFromElsewhereClosesButLiftsAForcedOpenOnlyWhenManual() {
    DeploymentBreaker b = trip();
    sync.deliver(new BreakerUpdate(NAME, BreakerState.CLOSED, 0, 0, false));
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.FORCED_OPEN, T0, 0, true));
    assertThat(b.state()).isEqualTo(BreakerState.FORCED_OPEN);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.OPEN, T0, T0 + 1_000, false));
    sync.deliver(new BreakerUpdate(NAME, BreakerState.CLOSED, 0, 0, false));
    assertThat(b.state()).isEqualTo(BreakerState.FORCED_OPEN);
    sync.deliver(new BreakerUpdate(NAME, BreakerState.CLOSED, 0, 0, true));
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(sync.published).hasSize(1); // only trip()'s own OPEN
  }

  @Test
  void aDisabledBreakerIgnoresSharedOpens() {
    DeploymentBreaker b = breakers.get(NAME, "openai",
        new BreakerSpec(false, 3, 2, Duration.ofSeconds(30), 0.5, 10));
    sync.deliver(new BreakerUpdate(NAME, BreakerState.OPEN, T0, T0 + 1_000, false));
    assertThat(b.state()).isEqualTo(BreakerState.DISABLED);
  }

  @Test
  void picksUpTheSharedStateWhenCreated() {
    sync.stored.put(NAME, new BreakerUpdate(NAME, BreakerState.OPEN, T0, T0 + 5_000, false));
    sync.deliver(new BreakerUpdate("azure/o1", BreakerState.OPEN, T0, T0 + 5_000, false));
    assertThat(breakers.find("azure/o1")).as("updates for unknown breakers are dropped").isEmpty();
    assertThat(breakers.get(NAME, "openai", SPEC).state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void resetAllAndCloseRemoveGaugesAndCloseTheSync() {
    trip();
    breakers.get("azure/o1", "azure", SPEC).forceOpen();
    breakers.resetAll();
    assertThat(breakers.all()).extracting(DeploymentBreaker::state)
        .containsOnly(BreakerState.CLOSED);
    assertThat(registry.find(BreakerMetrics.CURRENT_STATE).gauges()).hasSize(10);
    breakers.close();
    assertThat(registry.find(BreakerMetrics.CURRENT_STATE).gauges()).isEmpty();
    assertThat(sync.closed).isTrue();
  }

  @Test
  void concurrentOutcomesLoseNoCounts() throws Exception {
    DeploymentBreaker b = breakers.get(NAME, "openai",
        new BreakerSpec(true, 1_000_000, 2, Duration.ofSeconds(30), 1.0, 100));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new CopyOnWriteArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            if (b.tryAcquire()) {
              if (i % 2 == 0) {
                b.onSuccess(1);
              } else {
                b.onFailure(1);
              }
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(registry.get(BreakerMetrics.SUCCESSES).counter().count()).isEqualTo(20_000);
    assertThat(registry.get(BreakerMetrics.FAILURES).counter().count()).isEqualTo(20_000);
  }

  private DeploymentBreaker trip() {
    DeploymentBreaker b = breakers.get(NAME, "openai", SPEC);
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure(1);
    }
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    return b;
  }

  /** Records what is published; delivers "remote" states by hand; answers lookups from a map. */
  static final class RecordingSync implements BreakerSync {
    final List<BreakerUpdate> published = new CopyOnWriteArrayList<>();
    final List<String> lookups = new CopyOnWriteArrayList<>();
    final Map<String, BreakerUpdate> stored = new ConcurrentHashMap<>();
    volatile Consumer<BreakerUpdate> receiver;
    volatile boolean closed;

    @Override
    public void bind(Consumer<BreakerUpdate> receiver) {
      this.receiver = receiver;
    }

    @Override
    public void publish(BreakerUpdate update) {
      published.add(update);
    }

    @Override
    public void lookup(String name) {
      lookups.add(name);
      BreakerUpdate u = stored.get(name);
      if (u != null) {
        receiver.accept(u);
      }
    }

    void deliver(BreakerUpdate update) {
      receiver.accept(update);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
