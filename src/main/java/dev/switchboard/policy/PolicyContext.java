package dev.switchboard.policy;

import dev.switchboard.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * What a policy needs to build its stages: the Vert.x instance (HTTP clients, timers, workers), the
 * configuration snapshot and the metrics registry. Immutable.
 *
 * @param vertx the gateway's Vert.x instance
 * @param config the configuration the gateway starts with
 * @param registry where the policy's metrics go (scraped at {@code /metrics})
 */
public record PolicyContext(Vertx vertx, GatewayConfig config, MeterRegistry registry) {}
