package dev.switchboard.api;

import io.vertx.core.Future;
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

  /**
   * The same check for credentials that may have to be looked up (virtual keys): completes when
   * the caller is allowed, fails with the refusal otherwise.
   */
  default Future<Void> checkAsync(MultiMap headers) {
    try {
      check(headers);
      return Future.succeededFuture();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
