package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.redis.FailFastRedis;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers kept in Redis, shared by every replica that points at the same server: one string per
 * answer under {@code switchboard:cache:<tenant>:<sha256>}, written with the TTL as its Redis
 * expiry ({@code SET … PX}), so Redis itself drops old answers and bounds nothing else (size it with
 * {@code maxmemory} and an eviction policy). Uses its own async Lettuce connection; while Redis is
 * unreachable every lookup is a miss and nothing is stored, and connecting is retried at most every
 * {@link #RETRY}; after a failed command Redis is skipped for {@link #COOL_DOWN}.
 *
 * <p>Threading: thread-safe and non-blocking; results are handed back on the caller's Vert.x
 * context.
 */
final class RedisAnswerStore implements AnswerStore {
  static final String PREFIX = "switchboard:cache:";
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RETRY = Duration.ofSeconds(5);
  /** How long Redis is skipped after a failed command, so a hung Redis costs one timeout a second. */
  private static final Duration COOL_DOWN = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(RedisAnswerStore.class);
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final RedisURI uri;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile long nextAttemptNanos = System.nanoTime();
  private volatile long skipUntilNanos = System.nanoTime();
  private volatile boolean closed;

  RedisAnswerStore(String redisUrl) {
    this.uri = RedisURI.create(redisUrl);
    uri.setTimeout(TIMEOUT);
    uri.setClientName("switchboard-cache");
    // a miss now beats an answer after a reconnect: the request would wait for it
    this.client = FailFastRedis.client(uri, TIMEOUT);
    connectIfDue();
  }

  /** Whether the connection is up (the admin API shows it; tests wait for it). */
  boolean connected() {
    StatefulRedisConnection<String, byte[]> c = connection;
    return c != null && c.isOpen();
  }

  @Override
  public Future<CachedAnswer> get(String tenant, String hash) {
    StatefulRedisConnection<String, byte[]> c = usable();
    if (c == null) {
      return Future.succeededFuture();
    }
    return onContext(c.async().get(key(tenant, hash)))
        .map(CachedAnswer::decode)
        .otherwise(t -> {
          failed(t);
          return null;
        });
  }

  @Override
  public void put(String tenant, String hash, CachedAnswer answer, Duration ttl) {
    StatefulRedisConnection<String, byte[]> c = usable();
    if (c == null) {
      return;
    }
    c.async().set(key(tenant, hash), answer.encode(), SetArgs.Builder.px(ttl.toMillis()))
        .exceptionally(t -> {
          failed(t);
          return null;
        });
  }

  @Override
  public Future<Long> flush(String tenant) {
    StatefulRedisConnection<String, byte[]> c = usable();
    if (c == null) {
      return Future.failedFuture(new IllegalStateException("Redis is not reachable"));
    }
    String pattern = PREFIX + (tenant == null ? "" : globEscape(tenant) + ":") + "*";
    CompletableFuture<Long> removed = new CompletableFuture<>();
    scan(c, ScanCursor.INITIAL, ScanArgs.Builder.matches(pattern).limit(500), 0, removed);
    return onContext(removed);
  }

  /** One SCAN page at a time, unlinking each page's keys, until the cursor is finished. */
  private void scan(StatefulRedisConnection<String, byte[]> c, ScanCursor cursor, ScanArgs args,
      long sofar, CompletableFuture<Long> done) {
    c.async().scan(cursor, args).thenCompose((KeyScanCursor<String> page) -> {
      CompletionStage<Long> unlinked = page.getKeys().isEmpty()
          ? CompletableFuture.completedFuture(0L)
          : c.async().unlink(page.getKeys().toArray(String[]::new));
      return unlinked.thenApply(n -> {
        long total = sofar + n;
        if (page.isFinished()) {
          done.complete(total);
        } else {
          scan(c, page, args, total, done);
        }
        return total;
      });
    }).exceptionally(t -> {
      done.completeExceptionally(t);
      return null;
    });
  }

  @Override
  public void describe(ObjectNode out) {
    out.put("redis", uri.getHost() + ":" + uri.getPort());
    out.put("connected", connected());
  }

  @Override
  public void close() {
    closed = true;
    try {
      client.shutdown(Duration.ZERO, TIMEOUT);
    } catch (RuntimeException e) {
      LOG.debug("closing the cache's Redis client failed", e);
    }
  }

  private StatefulRedisConnection<String, byte[]> usable() {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c == null) {
      connectIfDue();
      return null;
    }
    return c.isOpen() && System.nanoTime() - skipUntilNanos >= 0 ? c : null;
  }

  private void failed(Throwable t) {
    skipUntilNanos = System.nanoTime() + COOL_DOWN.toNanos();
    LOG.debug("cache: a Redis command failed; answering from upstream for {}", COOL_DOWN, t);
  }

  private void connectIfDue() {
    if (closed || System.nanoTime() - nextAttemptNanos < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    nextAttemptNanos = System.nanoTime() + RETRY.toNanos();
    client.connectAsync(CODEC, uri).whenComplete((c, error) -> {
      connecting.set(false);
      if (error != null) {
        LOG.warn("cache: cannot connect to Redis at {}:{} ({}); answering from upstream",
            uri.getHost(), uri.getPort(), error.getMessage());
      } else if (closed) {
        c.closeAsync();
      } else {
        connection = c;
        LOG.info("cache: keeping answers in Redis at {}:{}", uri.getHost(), uri.getPort());
      }
    });
  }

  static String key(String tenant, String hash) {
    return PREFIX + tenant + ":" + hash;
  }

  private static String globEscape(String s) {
    return s.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
  }

  private static <T> Future<T> onContext(CompletionStage<T> stage) {
    Context ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx);
  }
}
