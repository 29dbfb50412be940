package dev.switchboard.governance.limits;

import java.time.Duration;

/**
 * The state of one bucket after a decision: what the {@code x-ratelimit-limit-*},
 * {@code x-ratelimit-remaining-*} and {@code x-ratelimit-reset-*} headers report. Immutable.
 *
 * @param scope the bucket's scope
 * @param kind requests or tokens
 * @param limit the per-minute limit
 * @param remaining what is left now (never negative)
 * @param reset how long until the bucket is full again
 */
public record RateHeadroom(LimitScope scope, RateKind kind, long limit, long remaining,
    Duration reset) {
}
