package dev.switchboard.resilience.breaker;

import java.util.function.Consumer;

/**
 * Shares breaker states between gateway replicas: {@link Breakers} hands it every local transition
 * to OPEN, FORCED_OPEN or CLOSED and receives the other replicas' transitions through the receiver
 * it binds. Sharing is best effort: when the shared medium fails, each replica keeps deciding on
 * its own.
 *
 * <p>Threading: every method may be called from any thread, event loops included, so none may
 * block (except {@link #close()}, called at shutdown). The receiver may be called from any thread.
 */
public interface BreakerSync extends AutoCloseable {

  /**
   * Sets where states from other replicas (and from shared storage) go. {@link Breakers} calls this
   * once, from its constructor, before any other method.
   */
  void bind(Consumer<BreakerUpdate> receiver);

  /** Shares a state this replica entered. Never blocks and never throws. */
  void publish(BreakerUpdate update);

  /**
   * Called once when a breaker is created here: delivers its currently shared state, if any, to the
   * receiver (possibly later, from another thread), so a replica that starts late sees breakers
   * that are already open elsewhere.
   */
  void lookup(String name);

  /** Stops sharing and frees connections; may block briefly. */
  @Override
  void close();
}
