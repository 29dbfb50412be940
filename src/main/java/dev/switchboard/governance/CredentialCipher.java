package dev.switchboard.governance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts tenants' provider credentials at rest with AES-256-GCM under the key in
 * {@code SWITCHBOARD_ENCRYPTION_KEY} (32 bytes, base64 or 64 hex characters). Each value gets a
 * fresh 96-bit nonce; the stored form is {@code v1:} + base64(nonce ‖ ciphertext ‖ tag), and the
 * owner id is bound as associated data, so a ciphertext copied to another tenant's row does not
 * decrypt. Thread-safe: a new {@link Cipher} per call.
 */
public final class CredentialCipher {
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private CredentialCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * A cipher from the configured key text.
   *
   * @throws IllegalArgumentException when the text is not 32 bytes in base64 or hex; the message
   *     says how to make one
   */
  public static CredentialCipher fromKeyText(String text) {
    byte[] raw = decodeKey(text == null ? "" : text.trim());
    if (raw == null || raw.length != 32) {
      throw new IllegalArgumentException("SWITCHBOARD_ENCRYPTION_KEY must be 32 bytes, as base64"
          + " or 64 hex characters (make one with: openssl rand -base64 32)");
    }
    return new CredentialCipher(raw);
  }

  private static byte[] decodeKey(String text) {
    if (text.matches("[0-9a-fA-F]{64}")) {
      return java.util.HexFormat.of().parseHex(text);
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Encrypts {@code plaintext} for the row owned by {@code ownerId}. */
  public String encrypt(String plaintext, String ownerId) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(ownerId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return VERSION + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * Decrypts a value made by {@link #encrypt} for the same owner.
   *
   * @throws IllegalArgumentException when the value was tampered with, belongs to another owner or
   *     was encrypted under another key
   */
  public String decrypt(String stored, String ownerId) {
    if (stored == null || !stored.startsWith(VERSION)) {
      throw new IllegalArgumentException("not an encrypted credential");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(ownerId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the credential cannot be decrypted with this key and"
          + " owner (wrong SWITCHBOARD_ENCRYPTION_KEY, or a tampered value)", e);
    }
  }

  /** A masked form for API answers: never more than the last four characters. */
  public static String mask(String secret) {
    return secret.length() <= 8 ? "••••" : "••••" + secret.substring(secret.length() - 4);
  }
}
