package dev.switchboard.resilience.breaker;

import java.util.function.Consumer;

/**
 * The {@link BreakerSync} of a single gateway: nothing is shared, nothing is received.
 *
 * <p>Threading: stateless; safe everywhere.
 */
public final class LocalBreakerSync implements BreakerSync {

  @Override
  public void bind(Consumer<BreakerUpdate> receiver) {
    // a single node has no other replicas to hear from
  }

  @Override
  public void publish(BreakerUpdate update) {
    // nobody to tell
  }

  @Override
  public void lookup(String name) {
    // no shared storage to read
  }

  @Override
  public void close() {
    // nothing held
  }
}
