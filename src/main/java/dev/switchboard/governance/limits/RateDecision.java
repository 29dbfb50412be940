package dev.switchboard.governance.limits;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link RateLimits#acquire}: allowed, with the headroom of the tightest request and
 * token buckets for the response headers; or refused, with the bucket that refused and how long
 * until it has refilled enough ({@code Retry-After}). An allowed decision also remembers what it
 * charged, so {@link RateLimits#correctTokens} can settle the token estimate later.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateDecision {
  private final RateHeadroom refusedBy;
  private final Duration retryAfter;
  private final RateHeadroom requests;
  private final RateHeadroom tokens;
  private final List<Charge> charges;
  private final Object origin;

  private RateDecision(RateHeadroom refusedBy, Duration retryAfter, RateHeadroom requests,
      RateHeadroom tokens, List<Charge> charges, Object origin) {
    this.refusedBy = refusedBy;
    this.retryAfter = retryAfter;
    this.requests = requests;
    this.tokens = tokens;
    this.charges = List.copyOf(charges);
    this.origin = origin;
  }

  static RateDecision allow(RateHeadroom requests, RateHeadroom tokens, List<Charge> charges,
      Object origin) {
    return new RateDecision(null, Duration.ZERO, requests, tokens, charges, origin);
  }

  static RateDecision refuse(RateHeadroom refusedBy, Duration retryAfter, Object origin) {
    return new RateDecision(Objects.requireNonNull(refusedBy), retryAfter, null, null, List.of(),
        origin);
  }

  /** Whether the request may proceed. */
  public boolean allowed() {
    return refusedBy == null;
  }

  /** The bucket that refused (remaining = what it holds now); null when allowed. */
  public RateHeadroom refusedBy() {
    return refusedBy;
  }

  /** How long until the refusing bucket holds enough; zero when allowed. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The request bucket with the fewest requests left; null if refused or no RPM limit. */
  public RateHeadroom requests() {
    return requests;
  }

  /** The token bucket with the fewest tokens left; null if refused or no TPM limit. */
  public RateHeadroom tokens() {
    return tokens;
  }

  /** What was taken from the buckets; empty when refused. */
  List<Charge> charges() {
    return charges;
  }

  /** The engine that decided, so a correction goes where the charge went. */
  Object origin() {
    return origin;
  }

  @Override
  public String toString() {
    return allowed() ? "allowed(requests=" + requests + ", tokens=" + tokens + ")"
        : "refused(" + refusedBy + ", retryAfter=" + retryAfter + ")";
  }
}
