package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.Json;
import dev.switchboard.store.AuditEntry;
import dev.switchboard.store.CreditTransaction;
import dev.switchboard.store.CredentialView;
import dev.switchboard.store.Department;
import dev.switchboard.store.KeyInfo;
import dev.switchboard.store.Limits;
import dev.switchboard.store.Team;
import dev.switchboard.store.Tenant;
import dev.switchboard.store.UsageRow;
import dev.switchboard.store.User;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The admin API's JSON shapes of the store's records: snake_case, string ids, ISO-8601 UTC
 * times, dollars as decimal numbers. No view ever holds a key, a key hash or a provider secret
 * (credentials show only their masked form).
 *
 * <p>Threading: stateless.
 */
final class GovernanceViews {
  private GovernanceViews() {}

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  /** {@code {"data": [views…]}}. */
  static <T> ObjectNode list(List<T> items, Function<T, JsonNode> view) {
    ObjectNode out = object();
    ArrayNode data = out.putArray("data");
    items.forEach(i -> data.add(view.apply(i)));
    return out;
  }

  /** The answer to a deletion. */
  static ObjectNode deleted(String type, String id) {
    ObjectNode out = object();
    out.put("id", id);
    out.put("object", type);
    out.put("deleted", true);
    return out;
  }

  static ObjectNode tenant(Tenant t) {
    ObjectNode n = object();
    n.put("id", t.id());
    n.put("object", "tenant");
    n.put("name", t.name());
    return stamped(n, t.createdAtMillis(), t.updatedAtMillis());
  }

  static ObjectNode department(Department d) {
    ObjectNode n = object();
    n.put("id", d.id());
    n.put("object", "department");
    n.put("tenant_id", d.tenantId());
    n.put("name", d.name());
    return stamped(n, d.createdAtMillis(), d.updatedAtMillis());
  }

  static ObjectNode team(Team t) {
    ObjectNode n = object();
    n.put("id", t.id());
    n.put("object", "team");
    n.put("tenant_id", t.tenantId());
    n.put("department_id", t.departmentId());
    n.put("name", t.name());
    return stamped(n, t.createdAtMillis(), t.updatedAtMillis());
  }

  static ObjectNode user(User u) {
    ObjectNode n = object();
    n.put("id", u.id());
    n.put("object", "user");
    n.put("tenant_id", u.tenantId());
    n.put("team_id", u.teamId());
    n.put("email", u.email());
    n.put("name", u.name());
    return stamped(n, u.createdAtMillis(), u.updatedAtMillis());
  }

  /** A key without its secret: the hint identifies it. {@code status} is as of {@code now}. */
  static ObjectNode key(KeyInfo k, long nowMillis) {
    ObjectNode n = object();
    n.put("id", k.id());
    n.put("object", "key");
    n.put("tenant_id", k.tenantId());
    n.put("user_id", k.userId());
    n.put("name", k.name());
    n.put("hint", k.hint());
    ArrayNode models = n.putArray("models");
    k.models().forEach(models::add);
    ObjectNode meta = n.putObject("metadata");
    new java.util.TreeMap<>(k.metadata()).forEach(meta::put);
    n.put("expires_at", GovernanceValues.isoOrNull(k.expiresAtMillis()));
    n.put("revoked_at", GovernanceValues.isoOrNull(k.revokedAtMillis()));
    n.put("status", k.revoked() ? "revoked" : k.expiresAtMillis() != 0
        && nowMillis >= k.expiresAtMillis() ? "expired" : "active");
    n.put("created_at", GovernanceValues.iso(k.createdAtMillis()));
    return n;
  }

  static ObjectNode limits(Limits l) {
    ObjectNode n = object();
    n.put("object", "limits");
    n.put("scope_type", l.scopeType().code());
    n.put("scope_id", l.scopeId());
    n.put("model", l.model().isEmpty() ? null : l.model());
    n.put("rpm", l.rpm());
    n.put("tpm", l.tpm());
    n.put("max_concurrent", l.maxConcurrent());
    n.put("daily_usd", GovernanceValues.usd(l.dailyUsdMicros()));
    n.put("monthly_usd", GovernanceValues.usd(l.monthlyUsdMicros()));
    return n;
  }

  /** A provider credential, masked by the store to its last four characters. */
  static ObjectNode credential(CredentialView c) {
    ObjectNode n = object();
    n.put("object", "provider_credential");
    n.put("tenant_id", c.tenantId());
    n.put("provider", c.provider());
    n.put("api_key_masked", c.maskedKey());
    n.put("base_url", c.baseUrl());
    n.put("updated_at", GovernanceValues.iso(c.updatedAtMillis()));
    return n;
  }

  static ObjectNode audit(AuditEntry a) {
    ObjectNode n = object();
    n.put("id", a.id());
    n.put("object", "audit_entry");
    n.put("at", GovernanceValues.iso(a.atMillis()));
    n.put("actor", a.actor());
    n.put("action", a.action());
    n.put("target_type", a.targetType());
    n.put("target_id", a.targetId());
    n.put("tenant_id", a.tenantId());
    n.set("before", parsed(a.beforeJson()));
    n.set("after", parsed(a.afterJson()));
    return n;
  }

  private static JsonNode parsed(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      // Written by this API, so always JSON; an odd row is shown as text rather than failing.
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
  }

  static ObjectNode usage(UsageRow r) {
    ObjectNode n = object();
    n.put("group", r.group());
    figures(n, r.requests(), r.errors(), r.cacheHits(), new long[] {r.promptTokens(),
        r.completionTokens(), r.cachedTokens(), r.cacheWriteTokens(), r.reasoningTokens()},
        r.costMicros(), r.unpricedRequests());
    return n;
  }

  /** The sums of several usage rows. */
  static ObjectNode usageTotals(List<UsageRow> rows) {
    long[] tokens = new long[5];
    long requests = 0;
    long errors = 0;
    long hits = 0;
    long cost = 0;
    long unpriced = 0;
    for (UsageRow r : rows) {
      requests += r.requests();
      errors += r.errors();
      hits += r.cacheHits();
      tokens[0] += r.promptTokens();
      tokens[1] += r.completionTokens();
      tokens[2] += r.cachedTokens();
      tokens[3] += r.cacheWriteTokens();
      tokens[4] += r.reasoningTokens();
      cost += r.costMicros();
      unpriced += r.unpricedRequests();
    }
    return figures(object(), requests, errors, hits, tokens, cost, unpriced);
  }

  /** {@code tokens}: prompt, completion, cached, cache-write and reasoning tokens. */
  private static ObjectNode figures(ObjectNode n, long requests, long errors, long hits,
      long[] tokens, long costMicros, long unpriced) {
    n.put("requests", requests);
    n.put("errors", errors);
    n.put("cache_hits", hits);
    n.put("prompt_tokens", tokens[0]);
    n.put("completion_tokens", tokens[1]);
    n.put("cached_tokens", tokens[2]);
    n.put("cache_write_tokens", tokens[3]);
    n.put("reasoning_tokens", tokens[4]);
    n.put("total_tokens", tokens[0] + tokens[1]);
    n.put("spend_usd", GovernanceValues.usd(costMicros));
    n.put("unpriced_requests", unpriced);
    return n;
  }

  static ObjectNode creditTransaction(CreditTransaction t) {
    ObjectNode n = object();
    n.put("id", t.id());
    n.put("at", GovernanceValues.iso(t.atMillis()));
    n.put("amount_usd", GovernanceValues.usd(t.amountMicros()));
    n.put("reason", t.reason());
    n.put("request_id", t.requestId());
    return n;
  }

  private static ObjectNode stamped(ObjectNode n, long created, long updated) {
    n.put("created_at", GovernanceValues.iso(created));
    n.put("updated_at", GovernanceValues.iso(updated));
    return n;
  }

}
