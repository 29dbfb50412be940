package dev.switchboard.mock;

import io.vertx.core.http.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pre-encoded header names and values, and the ids OpenAI puts in its answers.
 *
 * <p>Constants only (plus {@link ThreadLocalRandom}); safe from any thread. Pre-encoding spares
 * Netty from re-encoding the same ASCII on every response of a benchmark.
 */
final class MockHttp {

  static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  static final CharSequence IMAGE_PNG = HttpHeaders.createOptimized("image/png");
  static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  static final CharSequence ALLOW = HttpHeaders.createOptimized("Allow");

  /** OpenAI's fingerprints look like {@code fp_} and ten hex digits; one constant backend here. */
  static final String SYSTEM_FINGERPRINT = "fp_5b0a7d1c2e";

  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MockHttp() {}

  /** {@code prefix} followed by {@code length} random letters and digits, e.g. chatcmpl-…. */
  static String id(String prefix, int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[prefix.length() + length];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = prefix.length(); i < out.length; i++) {
      out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }

  /** {@code req_} and 32 hex digits, the shape of OpenAI's {@code x-request-id}. */
  static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[36];
    out[0] = 'r';
    out[1] = 'e';
    out[2] = 'q';
    out[3] = '_';
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[4 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
      out[20 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
