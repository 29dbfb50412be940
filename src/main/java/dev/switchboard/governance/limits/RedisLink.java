package dev.switchboard.governance.limits;

import dev.switchboard.redis.FailFastRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection to Redis shared by the Redis-backed limit engines of a replica (string
 * keys, byte-array values, as Bucket4j needs). Commands are rejected, not queued, while the
 * connection is down, and time out after the command timeout, so callers fall back to local
 * decisions at once. After a failed command the link reports itself unusable for
 * {@link #COOL_DOWN}, so a hung Redis costs one timeout per second rather than one per request;
 * then the next request tries Redis again.
 *
 * <p>If Redis cannot be reached at start, connecting is retried every 5 s in the background; once
 * connected, Lettuce reconnects by itself.
 *
 * <p>Threading: {@link #connection()}, {@link #usable()} and {@link #failed()} are lock-free and
 * safe on event loops. {@link #connect} blocks up to twice the timeout and {@link #close()} up to
 * the timeout: call them at start and shutdown only.
 */
public final class RedisLink implements AutoCloseable {
  /** The default command and connect timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** How long Redis is skipped after a failed command. */
  static final Duration COOL_DOWN = Duration.ofSeconds(1);
  private static final long RETRY_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisURI uri;
  private final RedisClient client;
  private final Duration timeout;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile long skipUntilNanos = System.nanoTime();
  private volatile ScheduledFuture<?> retry;
  private volatile boolean closed;

  private RedisLink(RedisURI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
    // a limit decided locally now beats one decided from Redis after a reconnect
    this.client = FailFastRedis.client(uri, timeout);
  }

  /** {@link #connect(String, String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static RedisLink connect(String redisUrl, String clientName) {
    return connect(redisUrl, clientName, DEFAULT_TIMEOUT);
  }

  /**
   * Connects to {@code redisUrl} (e.g. {@code redis://host:6379}); blocks up to twice
   * {@code timeout}. Never fails for an unreachable Redis: the link then stays unusable and keeps
   * trying in the background.
   *
   * @param clientName shown by {@code CLIENT LIST}, e.g. {@code switchboard-limits-<replica>}
   * @param timeout command and connect timeout; it bounds how long a request waits on Redis
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static RedisLink connect(String redisUrl, String clientName, Duration timeout) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(timeout);
    uri.setClientName(clientName.replaceAll("[^A-Za-z0-9._:-]", "_"));
    RedisLink link = new RedisLink(uri, timeout);
    link.connectAtStart();
    return link;
  }

  /** Whether commands should be sent now: connected, and no failure in the last second. */
  boolean usable() {
    StatefulRedisConnection<String, byte[]> c = connection;
    return c != null && c.isOpen() && System.nanoTime() - skipUntilNanos >= 0;
  }

  /** The connection, or null before the first successful connect. */
  StatefulRedisConnection<String, byte[]> connection() {
    return connection;
  }

  /** Records a failed command: Redis is skipped for {@link #COOL_DOWN}. */
  void failed() {
    skipUntilNanos = System.nanoTime() + COOL_DOWN.toNanos();
  }

  /** host:port, for log messages. */
  String where() {
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> r = retry;
    if (r != null) {
      r.cancel(false);
    }
    try {
      client.shutdown(Duration.ZERO, timeout);
    } catch (RuntimeException e) {
      LOG.debug("closing the Redis client failed", e);
    }
  }

  private void connectAtStart() {
    try {
      adopt(client.connectAsync(CODEC, uri).toCompletableFuture()
          .get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS));
      LOG.info("limits: sharing counters through Redis at {}", where());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connectFailed(e);
    } catch (ExecutionException | TimeoutException e) {
      connectFailed(e);
    }
  }

  private void connectFailed(Throwable e) {
    LOG.warn("limits: cannot connect to Redis at {} ({}); deciding locally, retrying every {} s",
        where(), e.getMessage(), RETRY_SECONDS);
    scheduleRetry();
  }

  private void scheduleRetry() {
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
    if (closed || connection != null) {
      return;
    }
    client.connectAsync(CODEC, uri).whenComplete((c, error) -> {
      if (error != null) {
        LOG.debug("limits: Redis at {} still unreachable", where(), error);
        scheduleRetry();
      } else {
        adopt(c);
        LOG.info("limits: connected to Redis at {}; sharing counters again", where());
      }
    });
  }

  private synchronized void adopt(StatefulRedisConnection<String, byte[]> c) {
    if (closed || connection != null) {
      c.closeAsync();
      return;
    }
    connection = c;
  }
}
