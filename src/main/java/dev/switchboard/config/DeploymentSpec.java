package dev.switchboard.config;

/**
 * One place a model is served: a provider and the upstream's own model name. Immutable.
 *
 * @param provider name of an entry under {@code providers:}
 * @param model the upstream's model name ({@code model}); for azure, the deployment name
 * @param weight {@code weight} for load balancing (default 1, must be positive)
 */
public record DeploymentSpec(String provider, String model, int weight) {}
