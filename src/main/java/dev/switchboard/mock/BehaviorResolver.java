package dev.switchboard.mock;

import io.vertx.core.MultiMap;

/**
 * Derives the behaviour of one request: the server's current default, with any {@code x-mock-*}
 * request header overriding the matching field.
 *
 * <p>Stateless; safe from any thread. A malformed header is the client's mistake and answers 400,
 * rather than being silently ignored and making a test pass for the wrong reason.
 */
final class BehaviorResolver {

  static final String LATENCY = "x-mock-latency-ms";
  static final String TTFT = "x-mock-ttft-ms";
  static final String CHUNK_INTERVAL = "x-mock-chunk-interval-ms";
  static final String TOKENS = "x-mock-tokens";
  static final String STATUS = "x-mock-status";
  static final String FAIL_RATE = "x-mock-fail-rate";
  static final String RETRY_AFTER = "x-mock-retry-after";
  static final String HANG = "x-mock-hang";
  static final String DROP_AFTER = "x-mock-drop-after";

  private BehaviorResolver() {}

  static MockBehavior resolve(MockBehavior base, MultiMap headers) {
    String latency = headers.get(LATENCY);
    String ttft = headers.get(TTFT);
    String interval = headers.get(CHUNK_INTERVAL);
    String tokens = headers.get(TOKENS);
    String status = headers.get(STATUS);
    String failRate = headers.get(FAIL_RATE);
    String retryAfter = headers.get(RETRY_AFTER);
    String hang = headers.get(HANG);
    String dropAfter = headers.get(DROP_AFTER);
    if (latency == null && ttft == null && interval == null && tokens == null && status == null
        && failRate == null && retryAfter == null && hang == null && dropAfter == null) {
      return base; // the benchmark path: no allocation
    }
    try {
      return new MockBehavior(
          longOr(LATENCY, latency, base.latencyMs()),
          longOr(TTFT, ttft, base.ttftMs()),
          longOr(CHUNK_INTERVAL, interval, base.chunkIntervalMs()),
          (int) longOr(TOKENS, tokens, base.tokens()),
          (int) longOr(STATUS, status, base.status()),
          failRate == null ? base.failRate() : parseDouble(FAIL_RATE, failRate),
          longOr(RETRY_AFTER, retryAfter, base.retryAfterSeconds()),
          hang == null ? base.hang() : parseBoolean(hang),
          (int) longOr(DROP_AFTER, dropAfter, base.dropAfterChunks()));
    } catch (IllegalArgumentException e) {
      // Each value parsed but the combination is out of range (e.g. status 42).
      throw MockErrors.invalid("Invalid simulator header: " + e.getMessage(), null, null);
    }
  }

  private static long longOr(String name, String value, long fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(value.trim());
      if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
        throw MockErrors.badMockHeader(name, value);
      }
      return v;
    } catch (NumberFormatException e) {
      throw MockErrors.badMockHeader(name, value);
    }
  }

  private static double parseDouble(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw MockErrors.badMockHeader(name, value);
    }
  }

  private static boolean parseBoolean(String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("true") || v.equals("1")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equals("0")) {
      return false;
    }
    throw MockErrors.badMockHeader(HANG, value);
  }
}
