package dev.switchboard.routing.balance;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Creates load-balancing strategies by their configuration name ({@code routing.strategy}).
 * Stateless; every call returns a new instance, to be kept per route since round-robin state
 * belongs to one route's deployments.
 */
public final class Strategies {

  public static final String WEIGHTED_ROUND_ROBIN = "weighted_round_robin";
  public static final String ROUND_ROBIN = "round_robin";
  public static final String LEAST_CONNECTIONS = "least_connections";
  public static final String LEAST_LATENCY = "least_latency";
  public static final String RANDOM = "random";
  public static final String COST = "cost";

  /** Every accepted name. */
  public static final List<String> NAMES = List.of(WEIGHTED_ROUND_ROBIN, ROUND_ROBIN,
      LEAST_CONNECTIONS, LEAST_LATENCY, RANDOM, COST);

  private Strategies() {}

  /**
   * A new strategy; {@code random} uses the calling thread's {@link
   * java.util.concurrent.ThreadLocalRandom}.
   *
   * @param stats live per-deployment stats, read by {@code least_connections} and
   *     {@code least_latency}
   * @throws IllegalArgumentException for an unknown name
   */
  public static Strategy create(String name, DeploymentStats stats) {
    return create(name, stats, null);
  }

  /**
   * A new strategy whose {@code random} variant draws from {@code random} (tests pass a seeded
   * {@link java.util.Random}); null means {@link java.util.concurrent.ThreadLocalRandom}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Strategy create(String name, DeploymentStats stats, RandomGenerator random) {
    Objects.requireNonNull(stats, "stats");
    if (name == null) {
      throw new IllegalArgumentException("strategy name is missing; expected one of " + NAMES);
    }
    return switch (name) {
      case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobin();
      case ROUND_ROBIN -> new RoundRobin();
      case LEAST_CONNECTIONS -> new LeastConnections(stats);
      case LEAST_LATENCY -> new LeastLatency(stats);
      case RANDOM -> new WeightedRandom(random);
      case COST -> new CheapestFirst();
      default -> throw new IllegalArgumentException(
          "unknown strategy '" + name + "'; expected one of " + NAMES);
    };
  }
}
