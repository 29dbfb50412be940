package dev.switchboard.config;

import java.time.Duration;

/**
 * Settings of the gateway's HTTP edge ({@code server:} in YAML). Immutable.
 *
 * @param host interface to bind ({@code host}, default {@code 0.0.0.0})
 * @param port port to bind ({@code port}, default 4000)
 * @param masterKey {@code master_key}; empty means the data plane is open (warned at start)
 * @param maxBodyBytes {@code max_body_bytes}: larger request bodies get 413 (default 10 MiB; accepts
 *     {@code 10mb}, {@code 512kb} or a plain number of bytes)
 * @param clientIdleTimeout {@code client_idle_timeout}: idle client connections are closed and a
 *     body that stops arriving is answered 408 (default 60s)
 * @param shutdownGrace {@code shutdown_grace}: how long in-flight requests may run after SIGTERM
 *     (default 30s)
 * @param slowRequestThreshold {@code slow_request_threshold}: requests slower than this log a warning
 *     (default 10s)
 * @param accessLog {@code access_log}: one JSON line per request (default true)
 * @param eventLoops {@code event_loops}: number of event-loop threads, 0 = number of cores (default 0)
 * @param redisUrl {@code redis_url} (or {@code REDIS_URL}): Redis for state shared by replicas,
 *     e.g. {@code redis://127.0.0.1:6379}; empty means this node keeps that state in memory
 */
public record ServerSpec(
    String host,
    int port,
    String masterKey,
    long maxBodyBytes,
    Duration clientIdleTimeout,
    Duration shutdownGrace,
    Duration slowRequestThreshold,
    boolean accessLog,
    int eventLoops,
    String redisUrl) {

  /** The defaults used when {@code server:} or one of its fields is absent. */
  public static ServerSpec defaults() {
    return new ServerSpec("0.0.0.0", 4000, "", 10L * 1024 * 1024, Duration.ofSeconds(60),
        Duration.ofSeconds(30), Duration.ofSeconds(10), true, 0, "");
  }

  /** The same settings listening on {@code host:port} and protected by {@code key}. */
  public ServerSpec withAccess(String host, int port, String key) {
    return new ServerSpec(host, port, key, maxBodyBytes, clientIdleTimeout, shutdownGrace,
        slowRequestThreshold, accessLog, eventLoops, redisUrl);
  }

  /** The same settings sharing state through another Redis (empty: none). */
  public ServerSpec withRedisUrl(String url) {
    return new ServerSpec(host, port, masterKey, maxBodyBytes, clientIdleTimeout, shutdownGrace,
        slowRequestThreshold, accessLog, eventLoops, url);
  }

  /** Whether a master key protects the data plane. */
  public boolean hasMasterKey() {
    return masterKey != null && !masterKey.isEmpty();
  }
}
