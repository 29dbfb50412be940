package dev.switchboard.resilience.breaker;

import dev.switchboard.config.BreakerSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breaker of one deployment ({@code provider/model}). Callers ask {@link #tryAcquire()}
 * before each upstream call and then report exactly one of {@link #onSuccess}, {@link #onFailure}
 * or {@link #release()}.
 *
 * <p>Design: a Resilience4j {@link CircuitBreaker} runs the state machine with the injected clock:
 * a count-based window of {@code minRequestsForRate} calls for the failure-rate rule,
 * {@code successThreshold} permitted trial calls in half-open, no automatic timer (the move to
 * half-open happens in the first {@code tryAcquire} after the open timeout). Two rules sit on top:
 * a counter of consecutive failures that opens the breaker at {@code failureThreshold}, and any
 * failure in half-open reopens it at once (Resilience4j would wait for all trial calls). Slow calls
 * never count: long streams are normal here. A state-transition listener keeps the metrics, the
 * opened-at/retry-at times and the sharing with other replicas ({@link BreakerSync}) up to date;
 * transitions applied from other replicas, and admin actions (which publish explicitly), are made
 * "quiet" so they are not published again. While OPEN before the retry time, and while
 * FORCED_OPEN, {@code tryAcquire} rejects without calling Resilience4j, whose rejection path
 * allocates an event with a timestamp.
 *
 * <p>Threading: thread-safe; the call path is lock-free. The consecutive-failure count is exact
 * for sequential calls and approximate under concurrency (interleaved outcomes have no order).
 * Rare transitions this class makes itself hold a private lock so that, e.g., a failure racing
 * with an admin force-open cannot turn FORCED_OPEN into OPEN.
 */
public final class DeploymentBreaker {
  /** Set while a transition must not be published (it came from elsewhere, or admin publishes). */
  private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /** The one Throwable handed to Resilience4j for every failure: preallocated, no stack trace. */
  private static final Throwable UPSTREAM_FAILURE = new UpstreamFailure();

  private final String name;
  private final String provider;
  private final BreakerSpec spec;
  private final Clock clock;
  private final BreakerSync sync;
  private final BreakerMetrics.ProviderMeters meters;
  private final CircuitBreaker cb;
  private final long openTimeoutMillis;
  private final int failureThreshold;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final Object transitionLock = new Object();
  private volatile long openedAtMillis;
  private volatile long retryAtMillis;

  DeploymentBreaker(String name, String provider, BreakerSpec spec, Clock clock, BreakerSync sync,
      BreakerMetrics.ProviderMeters meters) {
    this.name = name;
    this.provider = provider;
    this.spec = spec;
    this.clock = clock;
    this.sync = sync;
    this.meters = meters;
    this.openTimeoutMillis = Math.max(1, spec.openTimeout().toMillis());
    this.failureThreshold = Math.max(1, spec.failureThreshold());
    this.cb = CircuitBreaker.of(name, resilience4jConfig(spec, openTimeoutMillis, clock));
    cb.getEventPublisher().onStateTransition(this::onTransition);
  }

  /** Maps our thresholds onto Resilience4j, clamping values it would reject. */
  private static CircuitBreakerConfig resilience4jConfig(BreakerSpec spec, long openMillis,
      Clock clock) {
    int window = Math.max(1, spec.minRequestsForRate());
    float ratePercent = (float) Math.min(100.0, Math.max(0.01, spec.failureRateThreshold() * 100));
    return CircuitBreakerConfig.custom()
        .clock(clock)
        .slidingWindow(window, window, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(ratePercent)
        .permittedNumberOfCallsInHalfOpenState(Math.max(1, spec.successThreshold()))
        .waitDurationInOpenState(Duration.ofMillis(openMillis))
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE))
        .slowCallRateThreshold(100)
        .writableStackTraceEnabled(false)
        .initialState(spec.enabled() ? CircuitBreaker.State.CLOSED : CircuitBreaker.State.DISABLED)
        .build();
  }

  /** The deployment id, e.g. {@code openai/gpt-4o}. */
  public String name() {
    return name;
  }

  /** The provider name, e.g. {@code openai}. */
  public String provider() {
    return provider;
  }

  /**
   * Asks to make one call. True: go ahead, then report exactly one outcome. False: reject at once
   * (open, forced open, or half-open with every trial permit taken); counted as rejected.
   */
  public boolean tryAcquire() {
    CircuitBreaker.State s = cb.getState();
    boolean admitted;
    if (s == CircuitBreaker.State.FORCED_OPEN
        || (s == CircuitBreaker.State.OPEN && clock.millis() <= retryAtMillis)) {
      admitted = false; // Resilience4j would say the same, at the cost of an event object
    } else {
      admitted = cb.tryAcquirePermission();
    }
    if (!admitted) {
      meters.rejected.increment();
    }
    return admitted;
  }

  /** The acquired call succeeded. */
  public void onSuccess(long durationNanos) {
    meters.successes.increment();
    if (consecutiveFailures.get() != 0) { // skip the write: it would bounce the cache line
      consecutiveFailures.set(0);
    }
    cb.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** The acquired call failed in a way that counts against the deployment. */
  public void onFailure(long durationNanos) {
    meters.failures.increment();
    int inARow = consecutiveFailures.incrementAndGet();
    cb.onError(durationNanos, TimeUnit.NANOSECONDS, UPSTREAM_FAILURE);
    CircuitBreaker.State s = cb.getState();
    if (s == CircuitBreaker.State.HALF_OPEN
        || (s == CircuitBreaker.State.CLOSED && inARow >= failureThreshold)) {
      openIfStill(s);
    }
  }

  /** The acquired call ended without saying anything about the provider (e.g. client left). */
  public void release() {
    cb.releasePermission();
  }

  /** The current state; OPEN becomes HALF_OPEN only in a tryAcquire after the timeout. */
  public BreakerState state() {
    return BreakerState.of(cb.getState());
  }

  /** Admin: back to CLOSED (DISABLED if so configured), window emptied; shared with replicas. */
  public void reset() {
    synchronized (transitionLock) {
      quietly(this::toBaseState);
    }
    consecutiveFailures.set(0);
    sync.publish(new BreakerUpdate(name, BreakerState.CLOSED, 0, 0, true));
  }

  /** Admin: reject every call until {@link #reset()}; shared with replicas. */
  public void forceOpen() {
    synchronized (transitionLock) {
      quietly(() -> {
        if (cb.getState() != CircuitBreaker.State.FORCED_OPEN) {
          cb.transitionToForcedOpenState();
        }
      });
    }
    sync.publish(new BreakerUpdate(name, BreakerState.FORCED_OPEN, openedAtMillis, 0, true));
  }

  /** A snapshot for the admin API. */
  public BreakerView view() {
    BreakerState s = state();
    CircuitBreaker.Metrics m = cb.getMetrics();
    float ratePercent = m.getFailureRate();
    boolean opened = s == BreakerState.OPEN || s == BreakerState.HALF_OPEN
        || s == BreakerState.FORCED_OPEN;
    return new BreakerView(name, provider, s, consecutiveFailures.get(),
        ratePercent < 0 ? -1 : ratePercent / 100.0, m.getNumberOfBufferedCalls(),
        opened ? openedAtMillis : 0, s == BreakerState.OPEN ? retryAtMillis : 0,
        spec.enabled(), failureThreshold, Math.max(1, spec.successThreshold()), openTimeoutMillis,
        spec.failureRateThreshold(), Math.max(1, spec.minRequestsForRate()));
  }

  /**
   * Applies a state another replica shared, without publishing it again. A stale OPEN (its retry
   * time passed) is ignored; OPEN never overrides FORCED_OPEN or DISABLED; only a manual CLOSED
   * lifts FORCED_OPEN.
   */
  void applyShared(BreakerUpdate update) {
    long now = clock.millis();
    synchronized (transitionLock) {
      quietly(() -> applyQuietly(update, now));
    }
  }

  private void applyQuietly(BreakerUpdate u, long now) {
    CircuitBreaker.State s = cb.getState();
    switch (u.state()) {
      case OPEN -> {
        if (u.retryAtMillis() > now
            && (s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.HALF_OPEN)) {
          // never longer than our own timeout: a skewed clock elsewhere must not pin it open
          long until = Math.min(u.retryAtMillis(), now + openTimeoutMillis);
          cb.transitionToOpenStateUntil(Instant.ofEpochMilli(until));
          openedAtMillis = u.openedAtMillis() > 0 ? u.openedAtMillis() : now;
          retryAtMillis = until;
        }
      }
      case FORCED_OPEN -> {
        if (s != CircuitBreaker.State.FORCED_OPEN) {
          cb.transitionToForcedOpenState();
        }
      }
      case CLOSED -> {
        if (s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.HALF_OPEN
            || (s == CircuitBreaker.State.FORCED_OPEN && u.manual())) {
          toBaseState();
        }
      }
      default -> { } // HALF_OPEN and DISABLED are never shared
    }
  }

  private void toBaseState() {
    if (spec.enabled()) {
      cb.reset();
    } else if (cb.getState() != CircuitBreaker.State.DISABLED) {
      cb.transitionToDisabledState();
    }
  }

  /** Opens the breaker unless another thread (or an admin) changed the state meanwhile. */
  private void openIfStill(CircuitBreaker.State expected) {
    synchronized (transitionLock) {
      if (cb.getState() == expected) {
        cb.transitionToOpenState();
      }
    }
  }

  private static void quietly(Runnable transition) {
    QUIET.set(Boolean.TRUE);
    try {
      transition.run();
    } finally {
      QUIET.set(Boolean.FALSE);
    }
  }

  /** Runs in the thread that made the transition, right after it. */
  private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
    BreakerState from = BreakerState.of(event.getStateTransition().getFromState());
    BreakerState to = BreakerState.of(event.getStateTransition().getToState());
    long now = clock.millis();
    switch (to) {
      case OPEN -> {
        openedAtMillis = now;
        retryAtMillis = now + openTimeoutMillis;
      }
      case FORCED_OPEN -> openedAtMillis = now;
      case CLOSED, DISABLED -> {
        openedAtMillis = 0;
        consecutiveFailures.set(0);
      }
      default -> { } // HALF_OPEN keeps the time it opened
    }
    meters.transition(from, to);
    if (!QUIET.get() && to.shared()) {
      sync.publish(new BreakerUpdate(name, to, openedAtMillis,
          to == BreakerState.OPEN ? retryAtMillis : 0, false));
    }
  }

  @Override
  public String toString() {
    return "DeploymentBreaker[" + name + ", " + state() + "]";
  }

  /** The failure Resilience4j records; the real cause is the caller's business. */
  private static final class UpstreamFailure extends RuntimeException {
    UpstreamFailure() {
      super("upstream failure", null, false, false);
    }
  }
}
