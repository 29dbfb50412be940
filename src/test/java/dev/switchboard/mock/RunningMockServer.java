package dev.switchboard.mock;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the simulator's tests: one server with default options per test class, its behaviour
 * and request log reset before each test. Test classes run one after another, so the static
 * fields belong to one class at a time.
 */
abstract class RunningMockServer {
  static Vertx vertx;
  static MockServer server;

  @BeforeAll
  static void startMockServer() {
    vertx = Vertx.vertx();
    server = MockTestSupport.start(vertx, MockOptions.defaults());
  }

  @AfterAll
  static void stopMockServer() {
    MockTestSupport.await(server.close());
    MockTestSupport.await(vertx.close());
  }

  @BeforeEach
  void resetMockServer() {
    server.behavior(MockBehavior.defaults());
    server.clearRequests();
  }
}
