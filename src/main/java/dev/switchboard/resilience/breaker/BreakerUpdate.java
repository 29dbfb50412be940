package dev.switchboard.resilience.breaker;

import java.util.Objects;

/**
 * A breaker state one replica shares with the others through a {@link BreakerSync}: published after
 * a local transition, received from another replica, or read back from shared storage.
 *
 * <p>Threading: an immutable record; safe everywhere.
 *
 * @param name the deployment id, e.g. {@code openai/gpt-4o}
 * @param state {@link BreakerState#OPEN}, {@link BreakerState#FORCED_OPEN} or
 *     {@link BreakerState#CLOSED}; other states are never shared
 * @param openedAtMillis epoch ms when it opened, 0 when closed
 * @param retryAtMillis epoch ms when an OPEN breaker starts admitting trial calls, 0 otherwise
 * @param manual true when an operator caused it (reset or force-open): only a manual CLOSED lifts a
 *     forced open on other replicas
 */
public record BreakerUpdate(
    String name, BreakerState state, long openedAtMillis, long retryAtMillis, boolean manual) {

  public BreakerUpdate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
  }
}
