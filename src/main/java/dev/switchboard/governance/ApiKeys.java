package dev.switchboard.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The gateway's virtual keys: {@code sk-sb-} followed by 43 base62 characters (256 random bits).
 * Only a SHA-256 hash of a key is ever stored or logged; a fast unsalted hash is enough because the
 * keys themselves carry 256 bits of entropy (nothing to brute-force), and it lets a lookup be one
 * indexed equality match. Stateless and thread-safe.
 */
public final class ApiKeys {
  /** Every virtual key starts with this. */
  public static final String PREFIX = "sk-sb-";
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int RANDOM_CHARS = 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new random key, to be shown once to its owner and then forgotten. */
  public static String generate() {
    StringBuilder b = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      b.append(BASE62[RANDOM.nextInt(BASE62.length)]);
    }
    return b.toString();
  }

  /** The hex SHA-256 of a key: what is stored, indexed and compared. */
  public static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A display hint that identifies a key without revealing it: {@code sk-sb-Ab3…xY9}. */
  public static String hint(String key) {
    if (key.length() < PREFIX.length() + 6) {
      return PREFIX + "…";
    }
    return key.substring(0, PREFIX.length() + 3) + "…" + key.substring(key.length() - 3);
  }

  /** Whether a presented credential looks like one of our keys (cheap pre-check). */
  public static boolean looksLikeKey(String key) {
    return key != null && key.startsWith(PREFIX) && key.length() == PREFIX.length() + RANDOM_CHARS;
  }
}
