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
    return allowedModels(headers).mapEmpty();
  }

  /**
   * Checks the caller like {@link #checkAsync} and says which models it may use: empty means
   * every model (the master key, an open gateway, a key without an allow-list).
   */
  default Future<java.util.Set<String>> allowedModels(MultiMap headers) {
    try {
      check(headers);
      return Future.succeededFuture(java.util.Set.of());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
