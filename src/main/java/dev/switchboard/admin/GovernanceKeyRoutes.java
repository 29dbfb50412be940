package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.KeyInfo;
import dev.switchboard.store.KeyStore;
import dev.switchboard.store.KeyUpdate;
import dev.switchboard.store.NewKey;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/keys[/<id>[/revoke]]}: virtual keys. Creating one answers the plaintext key
 * exactly once (field {@code key}); the store only ever receives its SHA-256 hash and hint, and
 * no other answer or audit entry holds it. Every change (edit, revocation, deletion) is passed to
 * {@link KeyInvalidation} so that caches on every replica drop the key.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceKeyRoutes extends GovernanceNodeRoutes<KeyInfo> {
  private final KeyStore keys;
  private final GovernanceUserRoutes users;
  private final KeyInvalidation invalidation;
  private final Clock clock;

  GovernanceKeyRoutes(KeyStore keys, GovernanceUserRoutes users, GovernanceAuditLog audit,
      KeyInvalidation invalidation, Clock clock) {
    super("key", "keys", ScopeType.KEY, audit);
    this.keys = keys;
    this.users = users;
    this.invalidation = invalidation;
    this.clock = clock;
  }

  @Override
  Optional<KeyInfo> find(TenantScope scope, String id) {
    return keys.get(scope, id);
  }

  @Override
  String idOf(KeyInfo k) {
    return k.id();
  }

  @Override
  String tenantOf(KeyInfo k) {
    return k.tenantId();
  }

  @Override
  ObjectNode view(KeyInfo k) {
    return GovernanceViews.key(k, clock.millis());
  }

  @Override
  List<KeyInfo> list(GovernanceCall call) {
    call.allowQuery("user_id");
    String userId = call.query("user_id");
    if (userId != null) {
      users.require(call.scope(), userId);
    }
    return keys.list(call.scope(), userId);
  }

  @Override
  JsonNode created(GovernanceCall call) {
    GovernanceBody body = call.body("user_id", "name", "models", "expires_at", "metadata");
    String userId = body.requiredText("user_id");
    String name = body.requiredText("name");
    List<String> models = body.strings("models");
    long expires = future(body.time("expires_at"));
    Map<String, String> metadata = body.labels("metadata");
    users.require(call.scope(), userId);
    String plaintext = ApiKeys.generate();
    KeyInfo k = keys.insert(call.scope(), new NewKey(userId, ApiKeys.hash(plaintext), name,
        ApiKeys.hint(plaintext), models, expires, metadata));
    ObjectNode answer = recorded(call, k);
    // Shown this once: only the hash is stored, so it can never be shown again.
    answer.put("key", plaintext);
    return answer;
  }

  @Override
  Optional<KeyInfo> update(GovernanceCall call, KeyInfo current) {
    GovernanceBody body = call.body("name", "models", "expires_at", "metadata");
    if (!body.hasAny(Set.of("name", "models", "expires_at", "metadata"))) {
      throw nothingToChange("name, models, expires_at, metadata");
    }
    if (body.isNull("name")) {
      throw GatewayException.invalid("name", "'name' cannot be null; send a new name or leave"
          + " it out.");
    }
    // null resets: every model, never expires, no labels; an absent field stays as it is.
    List<String> models = body.isNull("models") ? List.of() : body.strings("models");
    Long expires = null;
    if (body.has("expires_at")) {
      expires = body.isNull("expires_at") ? 0L : future(body.time("expires_at"));
    }
    Map<String, String> metadata = body.isNull("metadata") ? Map.of() : body.labels("metadata");
    return keys.update(call.scope(), current.id(), new KeyUpdate(body.text("name"), models,
        expires, metadata));
  }

  @Override
  void changed(KeyInfo before, KeyInfo after) {
    invalidation.keyChanged(before.id());
  }

  @Override
  boolean delete(TenantScope scope, String id) {
    return keys.delete(scope, id);
  }

  /** {@code POST /admin/keys/<id>/revoke}: idempotent; the first revocation time is kept. */
  JsonNode revoke(GovernanceCall call) {
    GovernanceAdmin.require(call, HttpMethod.POST);
    call.allowQuery();
    call.optionalBody();
    String id = call.segment(1);
    KeyInfo before = require(call.scope(), id);
    if (!keys.revoke(call.scope(), id)) {
      throw notFound(id);
    }
    KeyInfo after = require(call.scope(), id);
    ObjectNode view = view(after);
    GovernanceErrors.invalidateAndRecord(() -> changed(before, after), () -> audit.record(call,
        "key.revoke", type, id, after.tenantId(), view(before), view));
    return view;
  }

  /** An expiry (epoch ms, 0 = never) that is not already past. */
  private long future(Long millis) {
    if (millis == null || millis == 0) {
      return 0;
    }
    if (millis <= clock.millis()) {
      throw GatewayException.invalid("expires_at", "'expires_at' is in the past; give a future"
          + " time, or leave it out for a key that never expires.");
    }
    return millis;
  }
}
