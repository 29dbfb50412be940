package dev.switchboard.cli;

import io.vertx.core.Vertx;
import dev.switchboard.Gateway;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Initialises the heavy libraries (logging, JSON and YAML, Netty and Vert.x, metrics) on a second
 * thread while the main thread parses the command line and the configuration, so that start-up
 * uses both cores instead of one. Purely an optimisation: if a class is not ready yet, the main
 * thread simply initialises it itself. It also creates the gateway's {@link Vertx} (with one
 * event loop per core, the default) ahead of time; a configuration asking for another number of
 * event loops makes the gateway create its own instead.
 *
 * <p>Threading: {@link #start()} is called once, from the main thread; {@link #vertx(int)} once,
 * by whoever takes the instance over.
 */
public final class StartupWarmer {
  private static final List<String> CLASSES = List.of(
      "com.fasterxml.jackson.databind.ObjectMapper",
      
      "io.netty.buffer.PooledByteBufAllocator",
      "io.netty.channel.nio.NioIoHandler",
      "io.netty.handler.codec.http.HttpServerCodec",
      "io.netty.handler.codec.http.HttpClientCodec",
      "io.vertx.core.impl.VertxImpl",
      "io.vertx.core.http.impl.HttpServerImpl",
      "io.vertx.core.http.impl.HttpClientImpl",
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry");

  private static final CompletableFuture<Vertx> VERTX = new CompletableFuture<>();
  private static volatile boolean started;

  private StartupWarmer() {}

  public static void start() {
    started = true;
    Thread t = new Thread(StartupWarmer::warm, "switchboard-warmup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The Vert.x instance created ahead of time if it has {@code eventLoops} event loops; otherwise
   * (or if none was made) null, and the caller creates its own. Hands the instance over at most
   * once.
   */
  public static Vertx vertx(int eventLoops) {
    if (!started) {
      return null;
    }
    Vertx v = VERTX.join();
    started = false;
    if (v != null && eventLoops != Runtime.getRuntime().availableProcessors()) {
      v.close();
      return null;
    }
    return v;
  }

  private static void warm() {
    try {
      VERTX.complete(Vertx.vertx(Gateway.vertxOptions(Runtime.getRuntime().availableProcessors())));
    } catch (RuntimeException | LinkageError e) {
      VERTX.complete(null);
    }
    org.slf4j.LoggerFactory.getILoggerFactory();
    ClassLoader cl = StartupWarmer.class.getClassLoader();
    for (String name : CLASSES) {
      try {
        Class.forName(name, true, cl);
      } catch (ClassNotFoundException | LinkageError e) {
        // A renamed class only costs the optimisation.
      }
    }
  }
}
