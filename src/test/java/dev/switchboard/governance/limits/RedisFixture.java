package dev.switchboard.governance.limits;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real Redis at 127.0.0.1:6379 for integration tests: "replicas" (one {@link RedisLink}, that
 * is one Lettuce client, each), a probe connection, and a namespace unique to the run so parallel
 * runs never share keys; {@link #close()} deletes the namespace's keys.
 */
final class RedisFixture implements AutoCloseable {
  static final String REDIS = "redis://127.0.0.1:6379";

  final String namespace = "sb:it-" + UUID.randomUUID();
  private final List<RedisLink> links = new ArrayList<>();
  private final RedisClient probeClient = RedisClient.create(REDIS);
  final StatefulRedisConnection<String, String> probe = probeClient.connect();

  RedisLink link(String name) {
    RedisLink link = RedisLink.connect(REDIS, "switchboard-limits-it-" + name);
    links.add(link);
    return link;
  }

  static double fallbacks(MeterRegistry registry, String component) {
    Counter c = registry.find(SharedStateFallback.METRIC).tag("component", component).counter();
    return c == null ? 0 : c.count();
  }

  List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanIterator.scan(probe.sync(), ScanArgs.Builder.matches("{" + namespace + "}*").limit(500))
        .forEachRemaining(keys::add);
    return keys;
  }

  @Override
  public void close() {
    links.forEach(RedisLink::close);
    List<String> keys = keys();
    if (!keys.isEmpty()) {
      probe.sync().del(keys.toArray(String[]::new));
    }
    probeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
