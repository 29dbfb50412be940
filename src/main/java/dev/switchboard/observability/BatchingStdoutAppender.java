package dev.switchboard.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A Logback appender for stdout built for one line per request: the caller encodes its event and
 * adds the bytes to a lock-free queue (never waiting, never waking a thread: beyond the capacity a
 * line is dropped and counted); one writer thread wakes every {@link #PERIOD_NANOS}, drains
 * everything queued into a buffer and writes it with one system call, instead of one write (and
 * one thread wake-up) per line. A line reaches stdout at most a few milliseconds late.
 *
 * <p>Threading: {@link #append} is called concurrently from every event loop; one writer thread
 * does all the I/O. {@link #stop} writes what is queued before returning.
 */
public final class BatchingStdoutAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /**
   * How long the writer sleeps after writing: every wake-up of this thread competes with the event
   * loops for two cores, so lines are gathered for 10 ms (about 200 at 20,000 requests/s, well
   * within the capacity) rather than written at once.
   */
  static final long PERIOD_NANOS = 10_000_000;
  /** While nothing is logged the sleeps double up to this, so an idle logger costs nothing. */
  static final long IDLE_PERIOD_NANOS = 200_000_000;

  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean stopping;
  private Encoder<ILoggingEvent> encoder;
  private Thread writer;
  private OutputStream out = new FileOutputStream(FileDescriptor.out);

  public BatchingStdoutAppender(int capacity) {
    this.capacity = capacity;
  }

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** For tests: where lines go instead of stdout. */
  void setOutputStream(OutputStream o) {
    this.out = o;
  }

  /** Lines dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + getName());
      return;
    }
    writer = new Thread(this::drain, "log-writer-" + getName());
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.offer(encoder.encode(event));
  }

  private void drain() {
    try (OutputStream buffered = new BufferedOutputStream(out, 64 * 1024)) {
      long sleep = PERIOD_NANOS;
      while (true) {
        boolean last = stopping;
        int n = 0;
        for (byte[] line = queue.poll(); line != null; line = queue.poll()) {
          buffered.write(line);
          n++;
        }
        if (n > 0) {
          size.addAndGet(-n);
          buffered.flush();
          sleep = PERIOD_NANOS;
        } else {
          sleep = Math.min(sleep * 2, IDLE_PERIOD_NANOS);
        }
        if (last) {
          return;
        }
        LockSupport.parkNanos(sleep);
      }
    } catch (IOException e) {
      addError("stdout failed", e);
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
