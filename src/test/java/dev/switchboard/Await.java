package dev.switchboard;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a test thread on a Vert.x future, for at most 30 s, and turns any failure into an
 * unchecked exception that fails the test.
 *
 * <p>Threading: test threads only, never an event loop.
 */
public final class Await {
  private Await() {}

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
