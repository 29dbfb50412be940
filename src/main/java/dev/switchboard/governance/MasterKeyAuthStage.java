package dev.switchboard.governance;

import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <master key>} (or {@code x-api-key}, as Anthropic clients
 * send) on the data plane when a master key is configured. Virtual keys replace this in the
 * governance issue. Compares in constant time.
 *
 * <p>Threading: immutable; safe on every event loop.
 */
public final class MasterKeyAuthStage implements Stage {
  private final byte[] masterKey;

  public MasterKeyAuthStage(String masterKey) {
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    check(ex.headers());
    ex.principal("master");
    return next.proceed(ex);
  }

  /** Throws AUTHENTICATION unless the headers carry the master key. */
  public void check(MultiMap headers) {
    String presented = presentedKey(headers);
    if (presented == null) {
      throw GatewayException.of(ErrorKind.AUTHENTICATION, "Missing API key. Send it as"
          + " 'Authorization: Bearer <key>' (the gateway's master key or a virtual key).");
    }
    if (!MessageDigest.isEqual(masterKey, presented.getBytes(StandardCharsets.UTF_8))) {
      throw GatewayException.of(ErrorKind.AUTHENTICATION,
          "Invalid API key. Check the key you were given for this gateway.");
    }
  }

  /** The key the client presented, or null. */
  public static String presentedKey(MultiMap headers) {
    String auth = headers.get("authorization");
    if (auth != null) {
      if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return auth.substring(7).trim();
      }
      return auth.trim();
    }
    String apiKey = headers.get("x-api-key");
    return apiKey == null ? null : apiKey.trim();
  }
}
