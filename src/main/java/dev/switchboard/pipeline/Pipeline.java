package dev.switchboard.pipeline;

import io.vertx.core.Future;
import java.util.List;

/**
 * An ordered list of {@link Stage}s ending in a terminal {@link Chain} (the dispatcher). The links
 * are built once, so running a request allocates nothing for the chain itself.
 *
 * <p>Threading: immutable after construction; safe to run from any event loop.
 */
public final class Pipeline {
  private final Chain head;

  public Pipeline(List<Stage> stages, Chain terminal) {
    Chain next = terminal;
    for (int i = stages.size() - 1; i >= 0; i--) {
      Stage stage = stages.get(i);
      Chain after = next;
      next = ex -> {
        try {
          return stage.apply(ex, after);
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      };
    }
    this.head = next;
  }

  /** Runs the exchange through every stage and the terminal; never throws. */
  public Future<Reply> execute(Exchange exchange) {
    try {
      return head.proceed(exchange);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
