package dev.switchboard.provider;

/**
 * Timeouts and pool size of the {@link UpstreamClient}, in milliseconds. Immutable.
 *
 * @param connectTimeoutMs TCP (and TLS) connect
 * @param firstByteTimeoutMs from sending the request to the response headers
 * @param idleTimeoutMs longest silence while a response is being received
 * @param totalTimeoutMs whole non-streamed exchange
 * @param maxConnections pooled connections per upstream host and event loop
 */
public record UpstreamSettings(
    long connectTimeoutMs, long firstByteTimeoutMs, long idleTimeoutMs, long totalTimeoutMs,
    int maxConnections) {}
