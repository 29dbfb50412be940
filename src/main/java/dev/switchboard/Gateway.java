package dev.switchboard;

import dev.switchboard.api.Authenticator;
import dev.switchboard.api.EdgeSettings;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.UpstreamSpec;
import dev.switchboard.governance.MasterKeyAuthStage;
import dev.switchboard.mock.MockServer;
import dev.switchboard.observability.AccessLog;
import dev.switchboard.observability.GatewayMetrics;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.policy.PolicyContext;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.provider.Adapters;
import dev.switchboard.provider.UpstreamSettings;
import dev.switchboard.provider.anthropic.AnthropicAdapter;
import dev.switchboard.provider.bedrock.BedrockAdapter;
import dev.switchboard.provider.gemini.GeminiAdapter;
import dev.switchboard.provider.openai.OpenAiAdapter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only class that knows the concrete implementations. It wires the
 * configuration into adapters, router, pipeline stages and one {@link GatewayVerticle} per event
 * loop, starts them, and stops them gracefully.
 *
 * <p>Threading: {@link #start} and {@link #stop} may be called from any thread.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private final MockServer simulator;
  private int port;
  private RoutingAssembly routing;
  private GovernanceAssembly governance;
  private PolicyAssembly policies;

  private Gateway(Vertx vertx, GatewayConfig config, GatewayMetrics metrics,
      MockServer simulator) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.simulator = simulator;
  }

  /**
   * Starts a gateway on {@code config}. When the configuration names no provider at all, the
   * built-in upstream simulator is started in-process and served as provider {@code simulator}, so
   * a fresh install answers at once.
   */
  public static Future<Gateway> start(GatewayConfig config) {
    return start(config, null);
  }

  /**
   * As {@link #start(GatewayConfig)}, on a Vert.x instance made ahead of time (it must have
   * {@link #eventLoops} event loops); the gateway owns it from now on and closes it when stopped.
   */
  public static Future<Gateway> start(GatewayConfig config, Vertx premade) {
    int loops = eventLoops(config);
    Vertx vertx = premade != null ? premade
        : Vertx.vertx(vertxOptions(loops));
    Future<MockServer> sim = config.providers().isEmpty()
        ? EmbeddedSimulator.start(vertx) : Future.succeededFuture(null);
    Future<Gateway> started = sim.compose(mock -> {
      GatewayConfig effective = mock == null ? config : EmbeddedSimulator.configure(config, mock);
      Gateway g = new Gateway(vertx, effective, new GatewayMetrics(), mock);
      return g.openGovernance().compose(v0 -> g.deploy(loops)).map(v -> {
        vertx.executeBlocking(() -> {
          g.metrics.bindJvmMetrics();
          return null;
        });
        return g;
      });
    });
    return started.onFailure(t -> vertx.close());
  }

  /**
   * How the gateway's Vert.x runs: {@code loops} event loops, on Linux's epoll transport when it is
   * available (lower latency per request than Java NIO; NIO otherwise).
   */
  public static VertxOptions vertxOptions(int loops) {
    return new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true);
  }

  /** The number of event loops a configuration asks for (0 = one per core). */
  public static int eventLoops(GatewayConfig config) {
    return config.server().eventLoops() > 0 ? config.server().eventLoops()
        : Runtime.getRuntime().availableProcessors();
  }

  private Future<Void> deploy(int loops) {
    GatewayParts parts = parts();
    // Every instance listens on the same host and port; Vert.x then shares one server socket
    // between the event loops. A negative port asks Vert.x for one random port shared by all.
    int listen = config.server().port() == 0 ? -1 : config.server().port();
    return vertx.deployVerticle(() -> track(new GatewayVerticle(parts, listen)),
            new DeploymentOptions().setInstances(loops))
        .compose(id -> {
          port = verticles.get(0).actualPort();
          for (GatewayVerticle v : verticles) {
            if (v.actualPort() != port) {
              return Future.failedFuture(new IllegalStateException(
                  "event loops listen on different ports: " + port + " and " + v.actualPort()));
            }
          }
          return Future.succeededFuture();
        });
  }

  private GatewayVerticle track(GatewayVerticle v) {
    verticles.add(v);
    return v;
  }

  /** Opens the store and shared state when governance is on (blocking: on a worker thread). */
  private Future<Void> openGovernance() {
    if (!GovernanceAssembly.enabled(config)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> GovernanceAssembly.open(config, metrics.registry()))
        .map(g -> {
          governance = g;
          return null;
        });
  }

  private GatewayParts parts() {
    Adapters adapters = new Adapters(Map.of(
        "openai", new OpenAiAdapter(false),
        "azure", new OpenAiAdapter(true),
        "anthropic", new AnthropicAdapter(),
        "gemini", new GeminiAdapter(),
        "bedrock", new BedrockAdapter(BedrockAccounts.of(config.providers()))));
    routing = RoutingAssembly.build(vertx, config, adapters, metrics, eventLoops(config));
    List<Stage> stages = new ArrayList<>();
    Authenticator auth = Authenticator.OPEN;
    Authenticator admin = Authenticator.OPEN;
    UsageSink usage = UsageSink.NONE;
    OpsEndpoints ops;
    if (config.server().hasMasterKey()) {
      MasterKeyAuthStage master = new MasterKeyAuthStage(config.server().masterKey());
      admin = master::check;
      auth = admin;
      if (governance == null) {
        stages.add(master);
      }
    }
    List<OpsEndpoints> opsParts = new ArrayList<>(List.of(routing.ops()));
    if (governance != null) {
      stages.addAll(governance.stages(routing.router()));
      auth = governance.authenticator();
      usage = governance.usageSink();
      opsParts.add(governance.ops());
    }
    policies = PolicyAssembly.build(new PolicyContext(vertx, config, metrics.registry()));
    stages.addAll(policies.stages());
    opsParts.addAll(policies.ops());
    ops = OpsEndpoints.of(opsParts);
    UpstreamSpec up = config.upstream();
    UpstreamSettings upstream = new UpstreamSettings(up.connectTimeout().toMillis(),
        up.firstByteTimeout().toMillis(), up.idleTimeout().toMillis(),
        up.totalTimeout().toMillis(), up.maxConnectionsPerHost());
    EdgeSettings edge = new EdgeSettings(config.server().maxBodyBytes(),
        config.server().clientIdleTimeout().toMillis());
    AccessLog accessLog = new AccessLog(config.server().accessLog(),
        config.server().slowRequestThreshold().toMillis());
    return new GatewayParts(config, routing.router(), routing.services(), ops, stages,
        auth, admin, metrics, accessLog, edge, upstream, System.currentTimeMillis() / 1000,
        usage);
  }

  /** The port the gateway listens on. */
  public int port() {
    return port;
  }

  /** The configuration in effect (including the embedded simulator, if it was started). */
  public GatewayConfig config() {
    return config;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The in-process simulator, when no provider was configured; otherwise null. */
  public MockServer simulator() {
    return simulator;
  }

  /**
   * Graceful stop: stops accepting connections, lets in-flight requests (streams included) finish
   * for up to {@code graceMs}, then closes everything.
   */
  public Future<Void> stop(long graceMs) {
    List<Future<Void>> all = new ArrayList<>();
    for (GatewayVerticle v : verticles) {
      all.add(v.shutdown(graceMs));
    }
    return Future.join(all).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("graceful shutdown incomplete: {}", ar.cause().toString());
      }
      // After the servers stopped, so every finished request's ledger row is flushed; the
      // closing blocks (JDBC, Redis), hence a worker thread.
      return vertx.executeBlocking(() -> {
        if (routing != null) {
          routing.close();
        }
        if (governance != null) {
          governance.close();
        }
        if (policies != null) {
          policies.close();
        }
        return null;
      });
    }).transform(ar -> vertx.close());
  }
}
