package dev.switchboard.api;

import io.vertx.core.MultiMap;

/**
 * Checks the caller's credentials on non-pipeline data-plane routes such as {@code /v1/models};
 * throws a {@link dev.switchboard.pipeline.GatewayException} to refuse. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface Authenticator {
  Authenticator OPEN = headers -> { };

  void check(MultiMap headers);
}
