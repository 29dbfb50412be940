package dev.switchboard.mock;

import java.util.Objects;

/**
 * Start-up settings of the upstream simulator.
 *
 * <p>Immutable; read once by {@link MockServer#start}. The behaviour given here is only the initial
 * default: it can be replaced at run time through {@link MockServer#behavior(MockBehavior)} or
 * {@code PUT /mock/behavior}.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port port to bind; 0 picks a free one (see {@link MockServer#port()})
 * @param eventLoops number of server verticle instances; 0 means one per CPU core
 * @param requiredApiKey the only API key accepted; null or empty accepts any request
 * @param behavior the initial default behaviour
 * @param record whether data-path requests are kept for {@code GET /mock/requests} (turn off for
 *     benchmarks)
 */
public record MockOptions(
    String host,
    int port,
    int eventLoops,
    String requiredApiKey,
    MockBehavior behavior,
    boolean record) {

  /** Fills the blanks with defaults so a half-specified options object still starts a server. */
  public MockOptions {
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (eventLoops < 0) {
      throw new IllegalArgumentException("eventLoops must be >= 0, got " + eventLoops);
    }
    requiredApiKey = requiredApiKey == null || requiredApiKey.isEmpty() ? null : requiredApiKey;
    behavior = Objects.requireNonNullElse(behavior, MockBehavior.defaults());
  }

  /** The five-field form the gateway uses; requests are recorded. */
  public MockOptions(
      String host, int port, int eventLoops, String requiredApiKey, MockBehavior behavior) {
    this(host, port, eventLoops, requiredApiKey, behavior, true);
  }

  /** 127.0.0.1:4001, one instance per core, any API key, default behaviour, recording on. */
  public static MockOptions defaults() {
    return new MockOptions("127.0.0.1", 4001, 0, null, MockBehavior.defaults(), true);
  }

  public MockOptions withHost(String newHost) {
    return new MockOptions(newHost, port, eventLoops, requiredApiKey, behavior, record);
  }

  public MockOptions withPort(int newPort) {
    return new MockOptions(host, newPort, eventLoops, requiredApiKey, behavior, record);
  }

  public MockOptions withEventLoops(int newEventLoops) {
    return new MockOptions(host, port, newEventLoops, requiredApiKey, behavior, record);
  }

  public MockOptions withRequiredApiKey(String key) {
    return new MockOptions(host, port, eventLoops, key, behavior, record);
  }

  public MockOptions withBehavior(MockBehavior newBehavior) {
    return new MockOptions(host, port, eventLoops, requiredApiKey, newBehavior, record);
  }

  public MockOptions withRecord(boolean newRecord) {
    return new MockOptions(host, port, eventLoops, requiredApiKey, behavior, newRecord);
  }
}
