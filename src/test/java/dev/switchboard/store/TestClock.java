package dev.switchboard.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the tests move by hand. Thread-safe. */
final class TestClock extends Clock {
  private final AtomicLong millis;

  TestClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  void advanceMillis(long ms) {
    millis.addAndGet(ms);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
