package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.LimitStore;
import dev.switchboard.store.Limits;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/<tenants|departments|teams|users|keys>/<id>/limits}: GET lists every limit of
 * the node (one entry per model, {@code model: null} = every model); PUT sets the limits of one
 * model (or every model), replacing what was set for it; DELETE {@code ?model=} removes them.
 * Limits on a key count as a change to the key for {@link KeyInvalidation}.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceLimitRoutes {
  private static final Set<String> VALUES = Set.of("rpm", "tpm", "max_concurrent", "daily_usd",
      "monthly_usd");
  private final LimitStore limits;
  private final GovernanceAuditLog audit;
  private final KeyInvalidation invalidation;

  GovernanceLimitRoutes(LimitStore limits, GovernanceAuditLog audit,
      KeyInvalidation invalidation) {
    this.limits = limits;
    this.audit = audit;
    this.invalidation = invalidation;
  }

  /** Answers the limits path of a node of {@code node}'s kind. */
  <T> JsonNode handle(GovernanceCall call, GovernanceNodeRoutes<T> node) {
    String id = call.segment(1);
    TenantScope scope = call.scope();
    String tenantId = node.tenantOf(node.require(scope, id));
    ScopeType type = node.scopeType;
    if (call.method() == HttpMethod.GET) {
      call.allowQuery();
      return GovernanceViews.list(limits.list(scope, type, id), GovernanceViews::limits);
    }
    if (call.method() == HttpMethod.PUT) {
      call.allowQuery();
      return put(call, type, id, tenantId);
    }
    GovernanceAdmin.require(call, HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE);
    call.allowQuery("model");
    String model = call.query("model");
    Limits before = limits.get(scope, type, id, model).orElseThrow(() -> GatewayException.of(
        ErrorKind.NOT_FOUND, "No limits are set on " + type.code() + " '" + id + "' for "
            + (model == null ? "every model" : "model '" + model + "'") + "; GET "
            + call.pathText() + " lists them."));
    limits.delete(scope, type, id, model);
    GovernanceErrors.invalidateAndRecord(() -> changed(type, id), () -> audit.record(call,
        "limits.delete", type.code(), id, tenantId, GovernanceViews.limits(before), null));
    ObjectNode out = GovernanceViews.limits(Limits.none(type, id, model));
    out.put("deleted", true);
    return out;
  }

  private JsonNode put(GovernanceCall call, ScopeType type, String id, String tenantId) {
    GovernanceBody body = call.body("rpm", "tpm", "max_concurrent", "daily_usd", "monthly_usd",
        "model");
    String model = body.text("model");
    Long concurrent = body.count("max_concurrent", Integer.MAX_VALUE);
    Limits wanted = Limits.none(type, id, model)
        .withRpm(body.count("rpm", Long.MAX_VALUE))
        .withTpm(body.count("tpm", Long.MAX_VALUE))
        .withMaxConcurrent(concurrent == null ? null : concurrent.intValue())
        .withDailyUsdMicros(body.usdMicros("daily_usd", false))
        .withMonthlyUsdMicros(body.usdMicros("monthly_usd", false));
    if (wanted.equals(Limits.none(type, id, model))) {
      throw GatewayException.invalid(null, "Set at least one of: " + String.join(", ",
          new java.util.TreeSet<>(VALUES)) + ". To remove limits, use DELETE.");
    }
    Optional<Limits> before = limits.get(call.scope(), type, id, model);
    Limits saved = limits.put(call.scope(), wanted);
    ObjectNode view = GovernanceViews.limits(saved);
    GovernanceErrors.invalidateAndRecord(() -> changed(type, id), () -> audit.record(call,
        "limits.put", type.code(), id, tenantId, before.map(GovernanceViews::limits).orElse(null),
        view));
    return view;
  }

  private void changed(ScopeType type, String id) {
    if (type == ScopeType.KEY) {
      invalidation.keyChanged(id);
    }
  }
}
