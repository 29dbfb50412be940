package dev.switchboard.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.BreakerSpec;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas sharing breakers through the real Redis at 127.0.0.1:6379. Each run uses its own
 * namespace, so parallel runs do not see each other.
 */
class RedisBreakerSyncIT {
  private static final String REDIS = "redis://127.0.0.1:6379";
  private static final String NAME = "openai/gpt-4o";
  private static final BreakerSpec SPEC = BreakerSpec.defaults(); // 5 in a row, 60 s open
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String namespace = "sb:breakers:it-" + UUID.randomUUID();
  private final String key = "{" + namespace + "}:" + NAME;
  private final List<Breakers> replicas = new ArrayList<>();
  private RedisClient probeClient;
  private StatefulRedisConnection<String, String> probe;

  @BeforeEach
  void connectProbe() {
    probeClient = RedisClient.create(REDIS);
    probe = probeClient.connect();
  }

  @AfterEach
  void closeAll() {
    replicas.forEach(Breakers::close);
    probe.sync().del(key);
    probeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Test
  void openOnOneReplicaIsOpenOnTheOtherAndAResetThereClosesBoth() {
    DeploymentBreaker a = replica("a", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    DeploymentBreaker b = replica("b", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    trip(a);
    await().atMost(WAIT).until(() -> b.state() == BreakerState.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.view().retryAtMillis()).isEqualTo(a.view().retryAtMillis());
    assertThat(probe.sync().pttl(key)).isBetween(1L, 60_000L);

    b.reset();
    await().atMost(WAIT).until(() -> a.state() == BreakerState.CLOSED);
    assertThat(a.tryAcquire()).isTrue();
    assertThat(probe.sync().exists(key)).isZero();
  }

  @Test
  void aReplicaStartedLaterSeesTheOpenBreaker() {
    trip(replica("a", new SimpleMeterRegistry()).get(NAME, "openai", SPEC));
    await().atMost(WAIT).until(() -> probe.sync().get(key) != null);

    DeploymentBreaker late = replica("late", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    await().atMost(WAIT).until(() -> late.state() == BreakerState.OPEN);
    assertThat(late.tryAcquire()).isFalse();
  }

  @Test
  void forceOpenIsSharedOnceWithoutEchoes() {
    List<String> messages = new CopyOnWriteArrayList<>();
    StatefulRedisPubSubConnection<String, String> listen = probeClient.connectPubSub();
    listen.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        messages.add(message);
      }
    });
    listen.sync().subscribe("{" + namespace + "}:events");
    DeploymentBreaker a = replica("a", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    DeploymentBreaker b = replica("b", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);

    a.forceOpen();
    await().atMost(WAIT).until(() -> b.state() == BreakerState.FORCED_OPEN);
    // a replica that re-published what it received would add messages (and loop)
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> messages.size() == 1);
    assertThat(messages.get(0)).contains("\"replica\":\"a\"", "\"state\":\"forced_open\"");

    b.reset();
    await().atMost(WAIT).until(() -> a.state() == BreakerState.CLOSED);
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> messages.size() == 2);
    listen.close();
  }

  @Test
  void afterADroppedConnectionAReplicaReadsWhatItMissedAndSharesAgain() {
    String bId = "b-" + UUID.randomUUID(); // unique: it names b's connections in CLIENT LIST
    String clientName = "switchboard-breakers-" + bId;
    DeploymentBreaker a = replica("a", new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    DeploymentBreaker b = replica(bId, new SimpleMeterRegistry()).get(NAME, "openai", SPEC);
    // a state b never hears about: stored, not published (as if sent while b was away)
    long now = System.currentTimeMillis();
    probe.sync().psetex(key, 60_000, new BreakerMessage("elsewhere",
        new BreakerUpdate(NAME, BreakerState.OPEN, now, now + 60_000, false)).toJson());
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);

    List<Long> killed = clientIds(clientName, "");
    assertThat(killed).as("command and pub/sub connections").hasSize(2);
    killed.forEach(id -> probe.sync().clientKill(KillArgs.Builder.id(id)));
    await().atMost(WAIT).until(() -> b.state() == BreakerState.OPEN);

    await().atMost(WAIT).until(() -> { // both connections back, one subscribed again
      List<Long> back = clientIds(clientName, "");
      return back.size() == 2 && back.stream().noneMatch(killed::contains)
          && clientIds(clientName, " sub=1 ").size() == 1;
    });
    b.reset();
    await().atMost(WAIT).until(() -> probe.sync().exists(key) == 0);
    trip(a);
    await().atMost(WAIT).until(() -> b.state() == BreakerState.OPEN);
  }

  @Test
  void anUnreachableRedisLeavesBreakersWorkingLocally() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Breakers alone = new Breakers(registry, Clock.systemUTC(),
        RedisBreakerSync.connect("redis://127.0.0.1:1", "lonely", registry, namespace));
    replicas.add(alone);
    DeploymentBreaker b = alone.get(NAME, "openai", SPEC);
    trip(b);
    assertThat(b.tryAcquire()).isFalse();
    b.reset();
    assertThat(b.tryAcquire()).isTrue();
    double fallbacks = registry.get(FallbackReporter.METRIC).tag("component", "circuit_breakers")
        .counter().count();
    assertThat(fallbacks).isGreaterThan(0);
  }

  private Breakers replica(String id, MeterRegistry registry) {
    Breakers b = new Breakers(registry, Clock.systemUTC(),
        RedisBreakerSync.connect(REDIS, id, registry, namespace));
    replicas.add(b);
    return b;
  }

  /** Ids of the connections named {@code name} whose CLIENT LIST line contains {@code part}. */
  private List<Long> clientIds(String name, String part) {
    List<Long> ids = new ArrayList<>();
    for (String line : probe.sync().clientList().split("\n")) {
      if (line.contains(" name=" + name + " ") && line.contains(part)) {
        ids.add(Long.parseLong(line.substring(3, line.indexOf(' '))));
      }
    }
    return ids;
  }

  private static void trip(DeploymentBreaker b) {
    for (int i = 0; i < SPEC.failureThreshold(); i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure(1_000_000);
    }
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
  }
}
