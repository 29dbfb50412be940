package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.CreditStore;
import dev.switchboard.store.TenantScope;
import dev.switchboard.store.User;
import io.vertx.core.http.HttpMethod;

/**
 * {@code /admin/users/<id>/credits}: a user's prepaid balance. GET answers the balance and the
 * most recent movements ({@code ?limit=}, default 50); POST adds (or, negative, deducts)
 * {@code amount_usd} with a {@code reason}, recorded in the audit log.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceCreditRoutes {
  private final CreditStore credits;
  private final GovernanceUserRoutes users;
  private final GovernanceAuditLog audit;

  GovernanceCreditRoutes(CreditStore credits, GovernanceUserRoutes users,
      GovernanceAuditLog audit) {
    this.credits = credits;
    this.users = users;
    this.audit = audit;
  }

  JsonNode handle(GovernanceCall call) {
    User user = users.require(call.scope(), call.segment(1));
    if (call.method() == HttpMethod.GET) {
      call.allowQuery("limit");
      return statement(call.scope(), user, call.queryInt("limit", 1, 1000, 50));
    }
    GovernanceAdmin.require(call, HttpMethod.GET, HttpMethod.POST);
    call.allowQuery();
    GovernanceBody body = call.body("amount_usd", "reason");
    Long amount = body.usdMicros("amount_usd", true);
    if (amount == null || amount == 0) {
      throw GatewayException.invalid("amount_usd", "'amount_usd' is required: a non-zero number"
          + " of US dollars (negative to deduct).");
    }
    String reason = body.requiredText("reason");
    long before = credits.balance(call.scope(), user.id());
    long after = credits.adjust(call.scope(), user.id(), amount, reason);
    ObjectNode change = balance(user, after);
    change.put("amount_usd", GovernanceValues.usd(amount));
    change.put("reason", reason);
    audit.record(call, "credits.adjust", "user", user.id(), user.tenantId(),
        balance(user, before), change);
    return statement(call.scope(), user, 50);
  }

  private ObjectNode statement(TenantScope scope, User user, int limit) {
    ObjectNode out = balance(user, credits.balance(scope, user.id()));
    ArrayNode txs = out.putArray("transactions");
    credits.transactions(scope, user.id(), limit)
        .forEach(t -> txs.add(GovernanceViews.creditTransaction(t)));
    return out;
  }

  private static ObjectNode balance(User user, long micros) {
    ObjectNode n = GovernanceViews.object();
    n.put("object", "credit_balance");
    n.put("user_id", user.id());
    n.put("tenant_id", user.tenantId());
    n.put("balance_usd", GovernanceValues.usd(micros));
    return n;
  }
}
