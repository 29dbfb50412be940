package dev.switchboard.provider;

import io.vertx.core.Vertx;

/**
 * Coarse timeouts for one event loop: one periodic timer, running only while something is
 * registered, checks every deadline each tick. Registering and cancelling are O(1) list operations,
 * where a Vert.x timer per request and per deadline costs a priority-queue insertion and removal
 * each; a timeout may fire up to one tick late, which is fine for limits measured in seconds.
 *
 * <p>Threading: confined to the event loop it was created for; call every method from there.
 */
public final class Deadlines {
  private final Vertx vertx;
  private final long tickMs;
  private final Entry head = new Entry(0, null);
  private long timerId = -1;
  private int count;

  public Deadlines(Vertx vertx, long tickMs) {
    this.vertx = vertx;
    this.tickMs = tickMs;
    head.prev = head;
    head.next = head;
  }

  /** Runs {@code onExpiry} unless cancelled within {@code delayMs}. */
  public Entry schedule(long delayMs, Runnable onExpiry) {
    Entry e = new Entry(System.nanoTime() + delayMs * 1_000_000L, onExpiry);
    e.link();
    if (timerId < 0) {
      timerId = vertx.setPeriodic(tickMs, id -> sweep());
    }
    return e;
  }

  private void sweep() {
    long now = System.nanoTime();
    Entry e = head.next;
    while (e != head) {
      Entry next = e.next;
      if (now - e.deadline >= 0) {
        e.unlink();
        e.onExpiry.run();
      }
      e = next;
    }
    if (count == 0 && timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** One registered deadline. */
  public final class Entry {
    private long deadline;
    private final Runnable onExpiry;
    private Entry prev;
    private Entry next;

    private Entry(long deadline, Runnable onExpiry) {
      this.deadline = deadline;
      this.onExpiry = onExpiry;
    }

    private void link() {
      prev = head.prev;
      next = head;
      head.prev.next = this;
      head.prev = this;
      count++;
    }

    private void unlink() {
      if (prev != null) {
        prev.next = next;
        next.prev = prev;
        prev = null;
        next = null;
        count--;
      }
    }

    /** Forgets the deadline; harmless if it already fired or was cancelled. */
    public void cancel() {
      unlink();
    }

    /** Moves the deadline to {@code delayMs} from now (if it has not fired yet). */
    public void postpone(long delayMs) {
      if (prev != null) {
        deadline = System.nanoTime() + delayMs * 1_000_000L;
      }
    }
  }
}
