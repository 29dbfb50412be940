package dev.switchboard.config;

import java.time.Duration;

/**
 * Active health probing ({@code routing.health:}). Immutable.
 *
 * @param probes {@code probes}: whether to probe providers in the background (default true)
 * @param probeInterval {@code probe_interval} between two probes of one provider (default 30s)
 * @param probeTimeout {@code probe_timeout}: a probe slower than this counts as failed (default 5s)
 */
public record HealthSpec(boolean probes, Duration probeInterval, Duration probeTimeout) {

  /** The defaults used when nothing is configured. */
  public static HealthSpec defaults() {
    return new HealthSpec(true, Duration.ofSeconds(30), Duration.ofSeconds(5));
  }
}
