package dev.switchboard.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' key caches sharing a real redis-server (127.0.0.1:6379): a key one replica loaded
 * is served to the other without a store lookup, and a revocation on one reaches the other at
 * once.
 */
class RedisKeyTierIT {
  private final Map<String, KeyRecord> db = new ConcurrentHashMap<>();

  private KeyCache replica(String ns, AtomicInteger lookups) {
    RedisKeyTier tier = RedisKeyTier.connect("redis://127.0.0.1:6379", ns, Duration.ofMinutes(5),
        new SimpleMeterRegistry());
    return new KeyCache(hash -> {
      lookups.incrementAndGet();
      return Optional.ofNullable(db.get(hash));
    }, tier, new SimpleMeterRegistry(), Duration.ofMinutes(5), Duration.ofSeconds(30), 100,
        Ticker.systemTicker());
  }

  private KeyRecord record(String hash, boolean revoked) {
    return new KeyRecord("k1", hash, "team-key", "u", "t", "d", "tenant", List.of("gpt-4o"), 0,
        revoked, Map.of("owner", "ops"));
  }

  @Test
  void aKeyIsSharedAndARevocationReachesEveryReplica() throws Exception {
    String ns = "sb-test-keys-" + UUID.randomUUID();
    AtomicInteger lookupsA = new AtomicInteger();
    AtomicInteger lookupsB = new AtomicInteger();
    try (KeyCache a = replica(ns, lookupsA); KeyCache b = replica(ns, lookupsB)) {
      String hash = ApiKeys.hash(ApiKeys.generate());
      db.put(hash, record(hash, false));
      assertThat(get(a, hash)).isPresent();
      KeyRecord viaB = get(b, hash).orElseThrow();
      assertThat(lookupsB).as("served from Redis").hasValue(0);
      assertThat(viaB).isEqualTo(record(hash, false));

      db.put(hash, record(hash, true));
      a.invalidate(hash);
      await().atMost(1, TimeUnit.SECONDS).untilAsserted(() ->
          assertThat(get(b, hash).orElseThrow().revoked()).isTrue());
      assertThat(lookupsB).hasValue(1);
    }
  }

  private static Optional<KeyRecord> get(KeyCache c, String hash) throws Exception {
    return c.find(hash).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
