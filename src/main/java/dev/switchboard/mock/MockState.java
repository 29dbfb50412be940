package dev.switchboard.mock;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the simulator's event loops share: the options, the current default behaviour, the
 * request log, the model catalog, the simulated prompt cache and the bound port.
 *
 * <p>Thread-safe: every field is immutable, atomic or itself thread-safe.
 */
final class MockState {

  final MockOptions options;
  final AtomicReference<MockBehavior> behavior;
  final RequestLog log = new RequestLog(200);
  final ModelCatalog models = new ModelCatalog();
  final PromptCache promptCache = new PromptCache();
  /** Streams whose client hung up before the last event (our own drops do not count). */
  final AtomicLong abortedStreams = new AtomicLong();
  private volatile int port = -1;

  MockState(MockOptions options) {
    this.options = options;
    this.behavior = new AtomicReference<>(options.behavior());
  }

  int port() {
    return port;
  }

  void port(int boundPort) {
    port = boundPort;
  }
}
