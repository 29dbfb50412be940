package dev.switchboard.governance.limits;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ConcurrencyLimiter} shared by every replica through Redis. Each scope is a sorted set
 * {@code {namespace}:level:id:model} of the permits in flight, scored by when their lease ends;
 * one Lua script drops expired leases, checks every scope and adds the permit to all of them, so
 * replicas cannot together exceed a limit.
 *
 * <p>Why leases rather than a bare INCR/DECR counter with a TTL: a crashed replica never
 * decrements, and on a busy scope a key TTL is refreshed by every request and never lapses. A
 * lease expires per permit, so a crashed replica's slots come back after {@code lease} at the
 * latest. A request still running when its lease ends stops counting (the limit is then loose by
 * one): choose a lease longer than the longest request. Each key expires a minute after its
 * newest lease.
 *
 * <p>Failure: as {@link RedisRateLimits}, with {@code component="concurrency"}; a permit taken
 * locally is released locally.
 *
 * <p>Threading: non-blocking and safe on event loops; stages complete on Lettuce I/O threads.
 */
public final class RedisConcurrencyLimiter implements ConcurrencyLimiter {
  /** The default key namespace. */
  public static final String DEFAULT_NAMESPACE = "sb:cc";
  /** The default lease of a permit. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
  static final String COMPONENT = "concurrency";

  private static final LuaScript ACQUIRE = new LuaScript("""
      local now = tonumber(ARGV[1])
      for i = 1, #KEYS do
        redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
        local inFlight = redis.call('ZCARD', KEYS[i])
        -- a replayed command finds its own permit already there
        if inFlight >= tonumber(ARGV[3 + i]) and not redis.call('ZSCORE', KEYS[i], ARGV[2]) then
          return {i, inFlight}
        end
      end
      for i = 1, #KEYS do
        redis.call('ZADD', KEYS[i], ARGV[3], ARGV[2])
        redis.call('PEXPIREAT', KEYS[i], tonumber(ARGV[3]) + 60000)
      end
      return {0, 0}
      """);
  private static final LuaScript RELEASE = new LuaScript("""
      for i = 1, #KEYS do
        redis.call('ZREM', KEYS[i], ARGV[1])
      end
      return 0
      """);

  private final RedisLink link;
  private final String namespace;
  private final Clock clock;
  private final Duration lease;
  private final LocalConcurrencyLimiter local = new LocalConcurrencyLimiter();
  private final SharedStateFallback fallback;

  /**
   * @param link the replica's Redis connection (not closed by this class)
   * @param namespace key namespace, e.g. {@link #DEFAULT_NAMESPACE}; no braces
   * @param lease how long a permit counts at most, e.g. {@link #DEFAULT_LEASE}
   */
  public RedisConcurrencyLimiter(RedisLink link, String namespace, Duration lease, Clock clock,
      MeterRegistry registry) {
    this.link = link;
    this.namespace = namespace;
    this.lease = lease;
    this.clock = clock;
    this.fallback = new SharedStateFallback(registry, COMPONENT);
  }

  @Override
  public CompletionStage<ConcurrencyDecision> acquire(List<ConcurrencyCheck> checks) {
    List<ConcurrencyCheck> limited = LocalConcurrencyLimiter.limited(checks);
    String id = UUID.randomUUID().toString();
    if (limited.isEmpty()) {
      return CompletableFuture.completedFuture(
          new ConcurrencyDecision(new ConcurrencyPermit(id, limited, this), null, 0));
    }
    if (!link.usable()) {
      fallback.report("Redis at " + link.where() + " is not usable", null);
      return local.acquire(checks);
    }
    return run(limited, id).handle((decision, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(decision);
      }
      link.failed();
      fallback.report("a concurrency command failed", error);
      if (LuaScript.unwrap(error) instanceof RedisCommandTimeoutException) {
        // a timed-out script may still have run: drop its permit (else its lease ends it)
        release(limited, id).exceptionally(ignored -> null);
      }
      return local.acquire(checks);
    }).thenCompose(stage -> stage);
  }

  @Override
  public CompletionStage<Void> release(ConcurrencyPermit permit) {
    if (permit.origin() == local) {
      return local.release(permit);
    }
    if (!(permit.origin() instanceof RedisConcurrencyLimiter)) { // any replica may release
      throw new IllegalArgumentException("permit " + permit.id() + " is not from here");
    }
    if (!permit.markReleased() || permit.held().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return release(permit.held(), permit.id()).handle((ok, error) -> {
      if (error != null) {
        fallback.report("releasing a concurrency permit failed; its lease will", error);
      }
      return null;
    });
  }

  private CompletableFuture<ConcurrencyDecision> run(List<ConcurrencyCheck> limited, String id) {
    long now = clock.millis();
    String[] keys = new String[limited.size()];
    byte[][] args = new byte[3 + limited.size()][];
    args[0] = LuaScript.arg(now);
    args[1] = LuaScript.arg(id);
    args[2] = LuaScript.arg(now + lease.toMillis());
    for (int i = 0; i < keys.length; i++) {
      keys[i] = limited.get(i).scope().key(namespace);
      args[3 + i] = LuaScript.arg(limited.get(i).maxConcurrent());
    }
    try {
      return ACQUIRE.<List<Long>>run(connection().async(), ScriptOutputType.MULTI, keys, args)
          .thenApply(r -> {
            int refused = r.get(0).intValue();
            return refused == 0
                ? new ConcurrencyDecision(new ConcurrencyPermit(id, limited, this), null, 0)
                : new ConcurrencyDecision(null, limited.get(refused - 1), r.get(1));
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> release(List<ConcurrencyCheck> held, String id) {
    String[] keys = held.stream().map(c -> c.scope().key(namespace)).toArray(String[]::new);
    CompletableFuture<Object> done;
    try {
      done = RELEASE.run(connection().async(), ScriptOutputType.INTEGER, keys, LuaScript.arg(id));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    return done.thenApply(ignored -> null);
  }

  private StatefulRedisConnection<String, byte[]> connection() {
    StatefulRedisConnection<String, byte[]> c = link.connection();
    if (c == null) {
      throw new IllegalStateException("not connected to Redis");
    }
    return c;
  }
}
