package dev.switchboard.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The key cache's shared tier in Redis: each loaded key as JSON under {@code {ns}:<hash>} (hash
 * tag, so Redis Cluster keeps a namespace on one slot) with a TTL, and a pub/sub channel
 * {@code {ns}:invalidate} on which a revocation reaches every replica's memory within
 * milliseconds. Any Redis failure degrades to "not shared" (the store is asked instead) and is
 * counted in {@code shared_state_fallback_total{component="key_cache"}}.
 *
 * <p>Threading: thread-safe. Blocking calls with a short timeout: used from the key cache's
 * lookup threads and from admin operations, never from an event loop.
 */
public final class RedisKeyTier implements SharedKeyTier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> conn;
  private final StatefulRedisPubSubConnection<String, String> sub;
  private final String namespace;
  private final Duration ttl;
  private final Counter fallbacks;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  private RedisKeyTier(RedisClient client, String namespace, Duration ttl,
      MeterRegistry registry) {
    this.client = client;
    this.namespace = namespace;
    this.ttl = ttl;
    this.fallbacks = Counter.builder("shared_state_fallback_total")
        .tag("component", "key_cache").register(registry);
    this.conn = client.connect();
    this.sub = client.connectPubSub();
    sub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String hash) {
        listeners.forEach(l -> l.accept(hash));
      }
    });
    sub.sync().subscribe(channel());
  }

  /**
   * Connects (blocking, at start).
   *
   * @param namespace groups one gateway cluster's keys (tests use a random one)
   * @param ttl how long a shared copy lives
   * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
   */
  public static RedisKeyTier connect(String redisUrl, String namespace, Duration ttl,
      MeterRegistry registry) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(TIMEOUT);
    return new RedisKeyTier(RedisClient.create(uri), namespace, ttl, registry);
  }

  private String channel() {
    return "{" + namespace + "}:invalidate";
  }

  private String key(String hash) {
    return "{" + namespace + "}:" + hash;
  }

  @Override
  public Optional<KeyRecord> get(String keyHash) {
    try {
      String json = conn.sync().get(key(keyHash));
      return json == null ? Optional.empty() : Optional.of(JSON.readValue(json, KeyRecord.class));
    } catch (Exception e) {
      fallbacks.increment();
      return Optional.empty();
    }
  }

  @Override
  public void put(KeyRecord k) {
    try {
      conn.sync().set(key(k.keyHash()), JSON.writeValueAsString(k),
          SetArgs.Builder.px(ttl.toMillis()));
    } catch (Exception e) {
      fallbacks.increment();
    }
  }

  @Override
  public void invalidate(String keyHash) {
    try {
      conn.sync().del(key(keyHash));
      conn.sync().publish(channel(), keyHash);
    } catch (Exception e) {
      // Other replicas then keep their copy until its TTL: say so loudly.
      fallbacks.increment();
      throw new IllegalStateException("Redis is unreachable: other replicas keep this key until"
          + " their cache expires it", e);
    }
  }

  @Override
  public void onInvalidation(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    sub.close();
    conn.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }
}
