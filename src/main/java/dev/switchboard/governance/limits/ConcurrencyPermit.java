package dev.switchboard.governance.limits;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The slots one request holds while in flight; give them back with
 * {@link ConcurrencyLimiter#release}. Releasing twice is harmless.
 *
 * <p>Thread-safe: the released flag is atomic.
 */
public final class ConcurrencyPermit {
  private final String id;
  private final List<ConcurrencyCheck> held;
  private final Object origin;
  private final AtomicBoolean released = new AtomicBoolean();

  ConcurrencyPermit(String id, List<ConcurrencyCheck> held, Object origin) {
    this.id = id;
    this.held = List.copyOf(held);
    this.origin = origin;
  }

  /** A unique id (the member in Redis). */
  public String id() {
    return id;
  }

  /** Whether the slots were given back. */
  public boolean released() {
    return released.get();
  }

  List<ConcurrencyCheck> held() {
    return held;
  }

  Object origin() {
    return origin;
  }

  /** True for the one caller that releases. */
  boolean markReleased() {
    return released.compareAndSet(false, true);
  }
}
