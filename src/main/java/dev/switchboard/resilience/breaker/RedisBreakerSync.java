package dev.switchboard.resilience.breaker;

import dev.switchboard.redis.FailFastRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Shares breaker states between replicas through Redis (Lettuce). A local transition to OPEN,
 * FORCED_OPEN or CLOSED is stored under {@code {namespace}:<deployment>} and published on the
 * channel {@code {namespace}:events}; the braces are a Redis Cluster hash tag, so every key of the
 * namespace lives in one slot. OPEN is stored until its retry time, FORCED_OPEN for
 * {@link #FORCED_OPEN_TTL}, and CLOSED deletes the key (absent means closed). Messages carry the
 * replica id, and a replica ignores its own; received states are applied without being published
 * again. When a breaker is first created here, its key is read, so a replica that starts late picks
 * up breakers that are open elsewhere.
 *
 * <p>Failure: if Redis cannot be reached at start, or a command fails or times out (after 2 s),
 * breakers keep deciding locally and
 * {@code shared_state_fallback_total{component="circuit_breakers"}} counts it (a warning is logged
 * at most once a minute). A failed start is retried every 5 s; once
 * connected, Lettuce reconnects by itself and re-subscribes, and the keys of every breaker are
 * read again, since messages sent meanwhile were missed. Commands are rejected rather than queued
 * while disconnected; a state this replica publishes while disconnected is lost (best effort: the
 * other replicas then open on their own failures).
 *
 * <p>Threading: {@link #publish} and {@link #lookup} only issue asynchronous commands, so they are
 * safe on event loops; received states are applied on Lettuce's I/O threads. {@link #connect}
 * blocks up to about 4 s and {@link #close()} up to 2 s: call them at start and shutdown, not on
 * an event loop.
 */
public final class RedisBreakerSync implements BreakerSync {
  /** The namespace of keys and channel unless one is given. */
  public static final String DEFAULT_NAMESPACE = "sb:breakers";
  /** How long a forced open is remembered for replicas that start later. */
  public static final Duration FORCED_OPEN_TTL = Duration.ofDays(7);
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final long RETRY_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(RedisBreakerSync.class);

  private final String replicaId;
  private final String keyPrefix;
  private final String channel;
  private final RedisURI uri;
  private final RedisClient client;
  private final FallbackReporter fallback;
  private final Disposable reconnects;
  /** Every breaker looked up, to read again once a late connection succeeds. */
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private volatile Consumer<BreakerUpdate> receiver = u -> { };
  private volatile StatefulRedisConnection<String, String> commands;
  private volatile ScheduledFuture<?> retry;
  private volatile boolean closed;

  private RedisBreakerSync(RedisURI uri, String replicaId, MeterRegistry registry,
      String namespace) {
    this.uri = uri;
    this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
    this.keyPrefix = "{" + namespace + "}:";
    this.channel = keyPrefix + "events";
    this.fallback = new FallbackReporter(registry);
    // fail fast and decide locally rather than queue state changes while Redis is away
    this.client = FailFastRedis.client(uri, TIMEOUT);
    // messages sent while a connection was down are lost: read the keys again once it is back
    this.reconnects = client.getResources().eventBus().get()
        .filter(ConnectionActivatedEvent.class::isInstance)
        .subscribe(e -> readAllAgain());
  }

  /** Connects in {@link #DEFAULT_NAMESPACE}; see the four-argument {@code connect}. */
  public static RedisBreakerSync connect(String redisUrl, String replicaId,
      MeterRegistry registry) {
    return connect(redisUrl, replicaId, registry, DEFAULT_NAMESPACE);
  }

  /**
   * Connects to Redis at {@code redisUrl} (e.g. {@code redis://host:6379}) and subscribes; blocks
   * up to about 4 s. Never fails for an unreachable Redis: the sync then works
   * locally and keeps trying in the background.
   *
   * @param replicaId this replica's id, unique among the replicas sharing the namespace
   * @param namespace groups the keys and channel of one gateway cluster (tests use a random one)
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static RedisBreakerSync connect(String redisUrl, String replicaId,
      MeterRegistry registry, String namespace) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(TIMEOUT);
    // named connections: operators can tell them apart in CLIENT LIST
    uri.setClientName("switchboard-breakers-" + replicaId.replaceAll("[^A-Za-z0-9._:-]", "_"));
    RedisBreakerSync sync = new RedisBreakerSync(uri, replicaId, registry, namespace);
    // load Jackson now: the first real message is encoded on an event loop
    BreakerMessage.parse(new BreakerMessage(replicaId,
        new BreakerUpdate("warm-up", BreakerState.CLOSED, 0, 0, false)).toJson());
    sync.connectAtStart();
    return sync;
  }

  @Override
  public void bind(Consumer<BreakerUpdate> receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  @Override
  public void publish(BreakerUpdate update) {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null) {
      fallback.report("not connected to Redis at " + where(), null);
      return;
    }
    try {
      String json = new BreakerMessage(replicaId, update).toJson();
      RedisAsyncCommands<String, String> redis = c.async();
      // one connection: Redis runs the store before the publish, so whoever hears the
      // message can already read the key
      store(redis, update, json).whenComplete(this::checkCommand);
      redis.publish(channel, json).whenComplete(this::checkCommand);
    } catch (RuntimeException e) {
      fallback.report("sharing a breaker state failed", e);
    }
  }

  @Override
  public void lookup(String name) {
    known.add(name);
    StatefulRedisConnection<String, String> c = commands;
    if (c == null) {
      fallback.report("not connected to Redis at " + where(), null);
      return;
    }
    read(c, name);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    ScheduledFuture<?> r = retry;
    if (r != null) {
      r.cancel(false);
    }
    reconnects.dispose();
    try {
      client.shutdown(Duration.ZERO, TIMEOUT); // closes every connection
    } catch (RuntimeException e) {
      LOG.debug("closing the Redis client failed", e);
    }
  }

  /** The Redis key of a breaker. */
  String key(String name) {
    return keyPrefix + name;
  }

  /** The pub/sub channel. */
  String channel() {
    return channel;
  }

  private RedisFuture<?> store(RedisAsyncCommands<String, String> redis, BreakerUpdate u,
      String json) {
    String key = key(u.name());
    return switch (u.state()) {
      case OPEN -> redis.set(key, json,
          SetArgs.Builder.px(Math.max(1, u.retryAtMillis() - u.openedAtMillis())));
      case FORCED_OPEN -> redis.set(key, json, SetArgs.Builder.px(FORCED_OPEN_TTL.toMillis()));
      default -> redis.del(key);
    };
  }

  private void read(StatefulRedisConnection<String, String> c, String name) {
    try {
      c.async().get(key(name)).whenComplete((json, error) -> {
        if (error != null) {
          fallback.report("reading a shared breaker state failed", error);
        } else if (json != null) {
          // our own id is fine here: it is the shared state, perhaps from before a restart
          BreakerMessage.parse(json).ifPresent(m -> deliver(m.update()));
        }
      });
    } catch (RuntimeException e) {
      fallback.report("reading a shared breaker state failed", e);
    }
  }

  /** After a reconnect (the first connection is read in {@link #adopt}). */
  private void readAllAgain() {
    StatefulRedisConnection<String, String> c = commands;
    if (c != null && !closed) {
      known.forEach(name -> read(c, name));
    }
  }

  private void checkCommand(Object result, Throwable error) {
    if (error != null) {
      fallback.report("a Redis command failed", error);
    }
  }

  private void deliver(BreakerUpdate update) {
    try {
      receiver.accept(update);
    } catch (RuntimeException e) {
      LOG.warn("applying the shared state of breaker {} failed", update.name(), e);
    }
  }

  private void connectAtStart() {
    try {
      attempt().get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("circuit breakers: sharing state through Redis at {} as replica {}", where(),
          replicaId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connectFailed(e);
    } catch (ExecutionException | TimeoutException e) {
      connectFailed(e);
    }
  }

  private void connectFailed(Throwable e) {
    fallback.report("cannot connect to Redis at " + where(), e);
    if (closed) {
      return;
    }
    try {
      retry = client.getResources().eventExecutorGroup()
          .schedule(this::retryConnect, RETRY_SECONDS, TimeUnit.SECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // closed meanwhile: nothing to retry for
    }
  }

  private void retryConnect() {
    if (closed || commands != null) {
      return;
    }
    attempt().whenComplete((ok, error) -> {
      if (error != null) {
        connectFailed(error);
      } else {
        LOG.info("circuit breakers: connected to Redis at {}; sharing state again", where());
      }
    });
  }

  /** Opens the command and pub/sub connections and subscribes; adopts them only if both work. */
  private CompletableFuture<Void> attempt() {
    CompletableFuture<StatefulRedisConnection<String, String>> cmd =
        client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> sub =
        client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
            .thenCompose(this::subscribe);
    return CompletableFuture.allOf(cmd, sub).handle((ignored, error) -> {
      if (error != null) {
        cmd.thenAccept(StatefulConnection::closeAsync);
        sub.thenAccept(StatefulConnection::closeAsync);
        throw new CompletionException(error);
      }
      adopt(cmd.join(), sub.join());
      return null;
    });
  }

  private CompletableFuture<StatefulRedisPubSubConnection<String, String>> subscribe(
      StatefulRedisPubSubConnection<String, String> c) {
    c.addListener(new Listener());
    return c.async().subscribe(channel).toCompletableFuture().handle((ignored, error) -> {
      if (error != null) {
        c.closeAsync();
        throw new CompletionException(error);
      }
      return c;
    });
  }

  private synchronized void adopt(StatefulRedisConnection<String, String> cmd,
      StatefulRedisPubSubConnection<String, String> sub) {
    if (closed || commands != null) { // a slow first attempt that lost to a retry, or closed
      cmd.closeAsync();
      sub.closeAsync();
      return;
    }
    commands = cmd; // the pub/sub connection lives on through its listener; shutdown closes it
    known.forEach(name -> read(cmd, name)); // breakers created while Redis was away
  }

  private String where() {
    return uri.getHost() + ":" + uri.getPort();
  }

  /** Applies other replicas' messages; runs on a Lettuce I/O thread. */
  private final class Listener extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String from, String message) {
      if (!channel.equals(from)) {
        return;
      }
      BreakerMessage.parse(message)
          .filter(m -> !replicaId.equals(m.replica())) // our own: already applied, no echo
          .ifPresent(m -> deliver(m.update()));
    }
  }
}
