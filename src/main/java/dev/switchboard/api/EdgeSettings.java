package dev.switchboard.api;

/**
 * What the HTTP edge needs from the configuration. Immutable.
 *
 * @param maxBodyBytes larger request bodies get 413
 * @param bodyTimeoutMs a body that has not fully arrived by then gets 408
 */
public record EdgeSettings(long maxBodyBytes, long bodyTimeoutMs) {}
