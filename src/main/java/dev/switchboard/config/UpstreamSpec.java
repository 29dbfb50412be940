package dev.switchboard.config;

import java.time.Duration;

/**
 * How the gateway talks to providers ({@code upstream:} in YAML). Immutable.
 *
 * @param connectTimeout {@code connect_timeout} (default 5s)
 * @param firstByteTimeout {@code first_byte_timeout}: time to the response headers (default 60s)
 * @param idleTimeout {@code idle_timeout}: longest silence between two chunks of a response
 *     (default 60s)
 * @param totalTimeout {@code total_timeout}: whole non-streamed request (default 600s)
 * @param maxConnectionsPerHost {@code max_connections_per_host} per event loop (default 512)
 */
public record UpstreamSpec(
    Duration connectTimeout,
    Duration firstByteTimeout,
    Duration idleTimeout,
    Duration totalTimeout,
    int maxConnectionsPerHost) {

  /** The defaults used when {@code upstream:} or one of its fields is absent. */
  public static UpstreamSpec defaults() {
    return new UpstreamSpec(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
        Duration.ofSeconds(600), 512);
  }
}
