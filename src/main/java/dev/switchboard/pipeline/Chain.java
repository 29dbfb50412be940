package dev.switchboard.pipeline;

import io.vertx.core.Future;

/**
 * The rest of the pipeline as seen from a {@link Stage}; the last link dispatches upstream.
 *
 * <p>Threading: called on the exchange's event loop.
 */
@FunctionalInterface
public interface Chain {

  Future<Reply> proceed(Exchange exchange);
}
