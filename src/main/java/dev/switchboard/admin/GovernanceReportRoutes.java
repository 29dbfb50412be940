package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.AuditEntry;
import dev.switchboard.store.AuditStore;
import dev.switchboard.store.Page;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.TenantScope;
import dev.switchboard.store.UsageDimension;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageRow;
import dev.switchboard.store.UsageStore;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The read-only reports: {@code GET /admin/audit} (the audit log, newest first, cursor-paged)
 * and {@code GET /admin/usage} (requests, tokens and spend from the ledger, grouped by key, user,
 * team, department, tenant, model, provider or UTC day). A tenant-scoped caller sees only its
 * tenant's rows; asking for another tenant's answers an empty report. Usage filters are not
 * checked against live objects, so the usage of deleted keys and users stays reportable.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceReportRoutes {
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  private static final String[] FILTERS = {"tenant_id", "department_id", "team_id", "user_id",
      "key_id"};
  private final AuditStore audit;
  private final UsageStore usage;
  private final Clock clock;

  GovernanceReportRoutes(AuditStore audit, UsageStore usage, Clock clock) {
    this.audit = audit;
    this.usage = usage;
    this.clock = clock;
  }

  /** {@code GET /admin/audit?tenant_id=&cursor=&limit=}. */
  JsonNode audit(GovernanceCall call) {
    only(call);
    call.allowQuery("tenant_id", "cursor", "limit");
    int limit = call.queryInt("limit", 1, 1000, 50);
    TenantScope scope = narrowed(call.scope(), call.query("tenant_id"));
    ObjectNode out;
    if (scope == null) {
      out = GovernanceViews.list(List.<AuditEntry>of(), GovernanceViews::audit);
      out.putNull("next_cursor");
      return out;
    }
    Page<AuditEntry> page;
    String cursor = call.query("cursor");
    try {
      page = audit.list(scope, cursor, limit);
    } catch (StoreException e) {
      if (cursor == null || e.kind() != StoreException.Kind.INVALID) {
        throw e;
      }
      throw GatewayException.invalid("cursor", "'cursor' is not one this API gave out; pass the"
          + " next_cursor of the previous page, or leave it out for the newest entries.");
    }
    out = GovernanceViews.list(page.items(), GovernanceViews::audit);
    out.put("next_cursor", page.nextCursor());
    return out;
  }

  /** {@code GET /admin/usage?group_by=&from=&to=&<level>_id=}. */
  JsonNode usage(GovernanceCall call) {
    only(call);
    call.allowQuery("group_by", "from", "to", "tenant_id", "department_id", "team_id",
        "user_id", "key_id");
    UsageDimension dim = dimension(call.query("group_by"));
    long to = call.query("to") == null ? clock.millis()
        : GovernanceValues.parseTime("to", call.query("to"));
    long from = call.query("from") == null ? to - DEFAULT_WINDOW.toMillis()
        : GovernanceValues.parseTime("from", call.query("from"));
    if (from > to) {
      throw GatewayException.invalid("from", "'from' is after 'to'.");
    }
    UsageQuery q = UsageQuery.of(call.scope(), dim, from, to);
    String filter = null;
    for (String f : FILTERS) {
      if (call.query(f) != null) {
        if (filter != null) {
          throw GatewayException.invalid(f, "Filter by one of " + String.join(", ", FILTERS)
              + " at a time (got " + filter + " and " + f + ").");
        }
        filter = f;
        q = q.only(ScopeType.fromCode(f.substring(0, f.length() - 3)), call.query(f));
      }
    }
    List<UsageRow> rows = usage.usage(q);
    ObjectNode out = GovernanceViews.list(rows, GovernanceViews::usage);
    out.put("group_by", dim.name().toLowerCase(Locale.ROOT));
    out.put("from", GovernanceValues.iso(from));
    out.put("to", GovernanceValues.iso(to));
    out.set("totals", GovernanceViews.usageTotals(rows));
    return out;
  }

  private static UsageDimension dimension(String text) {
    if (text == null) {
      return UsageDimension.DAY;
    }
    for (UsageDimension d : UsageDimension.values()) {
      if (d.name().equalsIgnoreCase(text)) {
        return d;
      }
    }
    throw GatewayException.invalid("group_by", "'group_by' must be one of key, user, team,"
        + " department, tenant, model, provider, day.");
  }

  /** The caller's scope narrowed to {@code tenantId}; null when that tenant is not visible. */
  private static TenantScope narrowed(TenantScope scope, String tenantId) {
    if (tenantId == null) {
      return scope;
    }
    return scope.allows(tenantId) ? TenantScope.of(tenantId) : null;
  }

  private static void only(GovernanceCall call) {
    if (call.depth() != 1) {
      throw GovernanceErrors.unknownPath(call.pathText());
    }
    GovernanceAdmin.require(call, HttpMethod.GET);
  }
}
