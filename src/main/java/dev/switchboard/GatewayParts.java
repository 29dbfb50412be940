package dev.switchboard;

import dev.switchboard.api.Authenticator;
import dev.switchboard.api.EdgeSettings;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.observability.AccessLog;
import dev.switchboard.observability.GatewayMetrics;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.provider.UpstreamSettings;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingServices;
import dev.switchboard.api.OpsEndpoints;
import java.util.List;

/**
 * The pieces every event loop's {@link GatewayVerticle} shares, built once by {@link Gateway}.
 * Immutable; every part is thread-safe.
 */
record GatewayParts(
    GatewayConfig config, Router router, RoutingServices routing, OpsEndpoints ops,
    List<Stage> stages, Authenticator authenticator,
    GatewayMetrics metrics, AccessLog accessLog, EdgeSettings edgeSettings,
    UpstreamSettings upstreamSettings, long startedEpochSeconds, UsageSink usageSink) {}
