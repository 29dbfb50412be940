package dev.switchboard.pipeline;

import io.vertx.core.Future;

/**
 * One cross-cutting feature of the request path (auth, limits, guardrails, cache …). A stage works
 * around the rest of the pipeline: it may change the exchange and call {@code next}, answer without
 * calling it (short-circuit), or post-process the reply {@code next} produced.
 *
 * <p>Threading: called on the exchange's event loop; must not block it.
 */
@FunctionalInterface
public interface Stage {

  Future<Reply> apply(Exchange exchange, Chain next);
}
