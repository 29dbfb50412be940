package dev.switchboard.cli;

import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ServerSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The options of the gateway command and what running it means: load and validate the
 * configuration (listing every error and exiting non-zero), start the gateway, and stop it
 * gracefully on SIGTERM.
 *
 * <p>Threading: used on the main thread only.
 */
public final class ServeOptions {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration file (env: SWITCHBOARD_CONFIG). Without one, embedded"
          + " defaults: a provider for each well-known API key in the environment.")
  Path config;

  @Option(names = "--host", paramLabel = "H",
      description = "Interface to bind (env: SWITCHBOARD_HOST; default 0.0.0.0).")
  String host;

  @Option(names = "--port", paramLabel = "N",
      description = "Port to listen on (env: SWITCHBOARD_PORT; default 4000).")
  Integer port;

  /** Runs the gateway until the JVM is stopped; returns the exit code. */
  public int run() {
    Map<String, String> env = System.getenv();
    Path file = config != null ? config
        : env.get("SWITCHBOARD_CONFIG") != null && !env.get("SWITCHBOARD_CONFIG").isBlank()
            ? Path.of(env.get("SWITCHBOARD_CONFIG")) : null;
    GatewayConfig cfg;
    try {
      cfg = withOverrides(dev.switchboard.config.ConfigLoader.load(file, env));
    } catch (ConfigException e) {
      System.err.println("Switchboard cannot start: the configuration"
          + (file == null ? "" : " in " + file) + " has " + e.errors().size() + " error(s):");
      e.errors().forEach(err -> System.err.println("  - " + err));
      return 2;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(cfg, StartupWarmer.vertx(Gateway.eventLoops(cfg))).toCompletionStage().toCompletableFuture().get(60,
          TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("Switchboard cannot start: " + cause.getMessage());
      return 1;
    }
    StartupReport.print(gateway);
    CountDownLatch stopped = new CountDownLatch(1);
    long grace = gateway.config().server().shutdownGrace().toMillis();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down: finishing in-flight requests (up to {} ms)", grace);
      try {
        gateway.stop(grace).toCompletionStage().toCompletableFuture()
            .get(grace + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not complete cleanly: {}", e.toString());
      }
      LOG.info("stopped");
      stopped.countDown();
      // Logback's own shutdown hook would race with this one; flush the logs only now.
      if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
        ctx.stop();
      }
    }, "switchboard-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private GatewayConfig withOverrides(GatewayConfig c) {
    if (host == null && port == null) {
      return c;
    }
    ServerSpec s = c.server();
    return c.withServer(s.withAccess(host != null ? host : s.host(),
        port != null ? port : s.port(), s.masterKey()));
  }
}
