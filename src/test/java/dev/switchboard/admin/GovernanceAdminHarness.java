package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.ErrorRenderer;
import dev.switchboard.governance.CredentialCipher;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.Database;
import dev.switchboard.store.DatabaseSettings;
import dev.switchboard.store.GovernanceStore;
import dev.switchboard.store.SqlGovernanceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Opens one database per test class, mounts {@link GovernanceAdmin} on a real Vert.x HTTP server
 * (rendering errors like the edge does) and runs every admin contract against it. Subclasses say
 * which engine. Tests share the database, so each one works in tenants of its own. Every store
 * call is checked to run off the event loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GovernanceAdminHarness implements GovernanceHierarchyContract,
    GovernanceKeyContract, GovernanceLimitCredentialContract, GovernanceReportContract,
    GovernanceIsolationContract, GovernanceBadInputContract, GovernanceOpenApiContract {
  /** 32 zero bytes as hex: a fixed test encryption key. */
  static final String TEST_KEY = "00".repeat(32);
  private final List<String> invalidated = new CopyOnWriteArrayList<>();
  private final List<String> onEventLoop = new CopyOnWriteArrayList<>();
  private volatile boolean invalidationFails;
  private Vertx vertx;
  private Database db;
  private SqlGovernanceStore store;
  private int port;
  private int portWithoutKey;

  /** Creates the empty database and says how to open it. */
  abstract DatabaseSettings createDatabase() throws Exception;

  /** Removes the database. */
  abstract void dropDatabase() throws Exception;

  @BeforeAll
  void start() throws Exception {
    db = Database.open(createDatabase(), new SimpleMeterRegistry());
    Clock clock = new TickingClock();
    store = new SqlGovernanceStore(db, CredentialCipher.fromKeyText(TEST_KEY), clock);
    vertx = Vertx.vertx();
    KeyInvalidation caches = id -> {
      if (invalidationFails) {
        throw new IllegalStateException("redis is down");
      }
      invalidated.add(id);
    };
    port = serve(new GovernanceAdmin(watched(store), caches, clock));
    portWithoutKey = serve(new GovernanceAdmin(watched(new SqlGovernanceStore(db, null, clock)),
        caches, clock));
  }

  private int serve(GovernanceAdmin admin) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (!admin.owns(req.path())) {
        req.response().setStatusCode(404).end("{\"error\":{\"message\":\"not admin\"}}");
        return;
      }
      admin.answer(req).onComplete(ar -> {
        if (ar.succeeded()) {
          req.response().putHeader("content-type", "application/json").end(ar.result());
        } else {
          GatewayException e = GatewayException.wrap(ar.cause());
          req.response().setStatusCode(e.status()).putHeader("content-type",
              "application/json").end(ErrorRenderer.envelope(e));
        }
      });
    });
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS).actualPort();
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (db != null) {
      db.close();
    }
    dropDatabase();
  }

  @AfterEach
  void noStoreCallRanOnAnEventLoop() {
    assertThat(onEventLoop).as("store calls made on an event loop").isEmpty();
  }

  /** The store, with every call of every role checked to run off the event loop. */
  private GovernanceStore watched(GovernanceStore target) {
    return watch(target, GovernanceStore.class);
  }

  @SuppressWarnings("unchecked")
  private <T> T watch(Object target, Class<T> role) {
    return (T) Proxy.newProxyInstance(role.getClassLoader(), new Class<?>[] {role},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          Class<?> type = method.getReturnType();
          if (type.isInterface() && type.getSimpleName().endsWith("Store")) {
            return watch(result, type);
          }
          if (Context.isOnEventLoopThread()) {
            onEventLoop.add(role.getSimpleName() + "." + method.getName());
          }
          return result;
        });
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int portWithoutEncryptionKey() {
    return portWithoutKey;
  }

  @Override
  public SqlGovernanceStore store() {
    return store;
  }

  @Override
  public Database db() {
    return db;
  }

  @Override
  public void invalidationFails(boolean fails) {
    invalidationFails = fails;
  }

  @Override
  public List<String> invalidated() {
    return invalidated;
  }

  /**
   * The wall clock, but strictly increasing by at least 1 ms per reading, so that audit entries
   * written in one burst still have a definite newest-first order. Thread-safe.
   */
  static final class TickingClock extends Clock {
    private final AtomicLong last = new AtomicLong();

    @Override
    public long millis() {
      long now = System.currentTimeMillis();
      return last.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
