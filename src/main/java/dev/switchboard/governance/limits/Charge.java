package dev.switchboard.governance.limits;

/**
 * What one request takes from one bucket. The limit is part of the bucket's key, so a changed
 * limit uses a new bucket at once on every replica without coordination (see
 * {@link RateLimits}).
 *
 * <p>Immutable.
 */
record Charge(LimitScope scope, RateKind kind, long limit, long tokens) {

  /** The bucket key: {@code {namespace}:level:id:model:rpm:30}. */
  String key(String namespace) {
    return scope.key(namespace) + ":" + kind.wire() + ":" + limit;
  }

  RateHeadroom headroom(long remaining, long resetNanos) {
    return new RateHeadroom(scope, kind, limit, Math.max(0, remaining),
        java.time.Duration.ofNanos(Math.max(0, resetNanos)));
  }
}
