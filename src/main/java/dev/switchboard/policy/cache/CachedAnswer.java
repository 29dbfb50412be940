package dev.switchboard.policy.cache;

import java.nio.ByteBuffer;

/**
 * One stored answer: the OpenAI {@code chat.completion} JSON (a streamed answer is stored in the
 * same form, assembled from its chunks) and when it was stored. Immutable; the byte array is never
 * changed after construction.
 *
 * @param json the {@code chat.completion} JSON bytes
 * @param storedAtMillis epoch milliseconds when the answer was stored
 */
record CachedAnswer(byte[] json, long storedAtMillis) {

  /** Bytes of the stored form beyond the JSON (the timestamp). */
  private static final int HEADER = Long.BYTES;

  /** The age of the answer at {@code nowMillis}, never negative (clocks of replicas differ). */
  long ageMillis(long nowMillis) {
    return Math.max(0, nowMillis - storedAtMillis);
  }

  /** The stored form: the timestamp, then the JSON (for Redis). */
  byte[] encode() {
    return ByteBuffer.allocate(HEADER + json.length).putLong(storedAtMillis).put(json).array();
  }

  /** Reads {@link #encode()}'s form; null when the value is not one (foreign or truncated). */
  static CachedAnswer decode(byte[] stored) {
    if (stored == null || stored.length <= HEADER || stored[HEADER] != '{') {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(stored);
    long at = b.getLong();
    byte[] json = new byte[stored.length - HEADER];
    b.get(json);
    return new CachedAnswer(json, at);
  }
}
