package dev.switchboard.governance;

import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Authenticates the data plane with virtual keys ({@code sk-sb-…}, looked up by hash through the
 * {@link KeyCache}) or the master key. A usable key puts its {@link KeyRecord} on the exchange
 * for the stages after it (limits, budgets, accounting); a revoked or expired key, or a model
 * outside the key's allow-list, is refused with a message that says which.
 *
 * <p>Threading: immutable apart from thread-safe collaborators; safe on every event loop.
 */
public final class KeyAuthStage implements dev.switchboard.pipeline.Stage {
  /** The authenticated key; absent for master-key requests. */
  public static final AttributeKey<KeyRecord> KEY = AttributeKey.named("virtual_key");

  private final byte[] masterKey;
  private final KeyCache keys;
  private final Clock clock;

  /** @param masterKey the master key, or empty when there is none */
  public KeyAuthStage(String masterKey, KeyCache keys, Clock clock) {
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    String presented = MasterKeyAuthStage.presentedKey(ex.headers());
    if (presented == null || presented.isEmpty()) {
      return Future.failedFuture(GatewayException.of(ErrorKind.AUTHENTICATION, "Missing API key."
          + " Send it as 'Authorization: Bearer <key>' (a virtual key 'sk-sb-…' or the master"
          + " key)."));
    }
    if (masterKey.length > 0
        && MessageDigest.isEqual(masterKey, presented.getBytes(StandardCharsets.UTF_8))) {
      ex.principal("master");
      return next.proceed(ex);
    }
    if (!ApiKeys.looksLikeKey(presented)) {
      return Future.failedFuture(invalid());
    }
    return keys.find(ApiKeys.hash(presented))
        .recover(KeyAuthStage::unavailable)
        .compose(found -> admit(ex, found, next));
  }

  private Future<Reply> admit(Exchange ex, Optional<KeyRecord> found, Chain next) {
    if (found.isEmpty()) {
      return Future.failedFuture(invalid());
    }
    KeyRecord k = found.get();
    if (k.revoked()) {
      return Future.failedFuture(GatewayException.of(ErrorKind.AUTHENTICATION, "This API key ('"
          + k.name() + "') was revoked. Ask your gateway administrator for a new one."));
    }
    if (!k.usableAt(clock.millis())) {
      return Future.failedFuture(GatewayException.of(ErrorKind.AUTHENTICATION, "This API key ('"
          + k.name() + "') has expired. Ask your gateway administrator for a new one."));
    }
    String model = ex.model();
    if (model != null && !k.allows(model)) {
      return Future.failedFuture(GatewayException.builder(ErrorKind.PERMISSION_DENIED,
          "This API key may not use model '" + model + "'. It may use: "
              + String.join(", ", k.models()) + ".").param("model").build());
    }
    ex.principal(k.name());
    ex.attribute(KEY, k);
    return next.proceed(ex);
  }

  private static <T> Future<T> unavailable(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return Future.failedFuture(GatewayException.builder(ErrorKind.AUTH_UNAVAILABLE, "The gateway"
        + " cannot check this key right now (" + cause.getMessage() + "). Keys used recently keep"
        + " working; try again in a few seconds.").retryAfter("2").build());
  }

  private static GatewayException invalid() {
    return GatewayException.of(ErrorKind.AUTHENTICATION,
        "Invalid API key. Check the key you were given for this gateway.");
  }
}
