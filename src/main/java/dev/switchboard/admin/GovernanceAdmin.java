package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.store.GovernanceStore;
import dev.switchboard.store.HierarchyStore;
import dev.switchboard.store.StoreException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governance admin API under {@code /admin/}: the tenant hierarchy (tenants, departments,
 * teams, users), virtual keys, limits per level and model, tenants' provider credentials, the
 * audit log, usage reports and user credits, over the durable {@link GovernanceStore}. Every
 * mutation appends an audit entry naming the actor ({@code x-switchboard-actor}, default
 * {@code master}); a request carrying {@code x-switchboard-tenant} sees and changes only that
 * tenant, and other tenants' ids answer 404 like ids that do not exist. The OpenAPI description
 * is {@code docs/openapi/admin.yaml}.
 *
 * <p>Threading: shared by every event loop. {@link #answer} takes the request apart on the
 * event loop, then runs validation and every (blocking JDBC) store call on a Vert.x worker
 * thread via the caller's context, never on the event loop.
 */
public final class GovernanceAdmin implements OpsEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(GovernanceAdmin.class);
  private static final List<String> RESOURCES = List.of("tenants", "departments", "teams",
      "users", "keys", "audit", "usage");
  /** Admin bodies are small objects; anything bigger is a mistake or abuse. */
  private static final int MAX_BODY = 256 * 1024;

  private final Map<String, GovernanceNodeRoutes<?>> nodes;
  private final GovernanceKeyRoutes keys;
  private final GovernanceLimitRoutes limits;
  private final GovernanceCredentialRoutes credentials;
  private final GovernanceCreditRoutes credits;
  private final GovernanceReportRoutes reports;

  /**
   * @param store the durable store (blocking; only ever called from worker threads)
   * @param keys told about every committed change to a key
   * @param clock "now" for key status, expiry checks and the default usage window
   */
  public GovernanceAdmin(GovernanceStore store, KeyInvalidation keys, Clock clock) {
    GovernanceAuditLog audit = new GovernanceAuditLog(store.audit());
    HierarchyStore h = store.hierarchy();
    GovernanceTenantRoutes tenants = new GovernanceTenantRoutes(h.tenants(), audit);
    GovernanceDepartmentRoutes departments = new GovernanceDepartmentRoutes(h.departments(),
        tenants, audit);
    GovernanceTeamRoutes teams = new GovernanceTeamRoutes(h.teams(), h.users(), store.keys(),
        departments, audit, keys);
    GovernanceUserRoutes users = new GovernanceUserRoutes(h.users(), store.keys(), teams, audit,
        keys);
    this.keys = new GovernanceKeyRoutes(store.keys(), users, audit, keys, clock);
    this.nodes = Map.of("tenants", tenants, "departments", departments, "teams", teams,
        "users", users, "keys", this.keys);
    this.limits = new GovernanceLimitRoutes(store.limits(), audit, keys);
    this.credentials = new GovernanceCredentialRoutes(store.credentials(), tenants, audit);
    this.credits = new GovernanceCreditRoutes(store.credits(), users, audit);
    this.reports = new GovernanceReportRoutes(store.audit(), store.usage(), clock);
  }

  @Override
  public boolean owns(String path) {
    for (String r : RESOURCES) {
      if (path.startsWith("/admin/" + r) && (path.length() == 7 + r.length()
          || path.charAt(7 + r.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Future<Buffer> answer(HttpServerRequest req) {
    GovernanceCall head;
    try {
      head = GovernanceCall.of(req);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      return Future.failedFuture(new IllegalStateException("GovernanceAdmin.answer must be"
          + " called on a Vert.x context"));
    }
    if (tooLarge(req.getHeader("content-length"))) {
      return Future.failedFuture(payloadTooLarge());
    }
    // Unordered: independent admin calls on one event loop need not queue behind each other.
    return req.body().compose(body -> body.length() > MAX_BODY
        ? Future.failedFuture(payloadTooLarge())
        : ctx.executeBlocking(() -> Json.buffer(run(head.withBody(body.getBytes()))),
            false));
  }

  private static boolean tooLarge(String contentLength) {
    try {
      return contentLength != null && Long.parseLong(contentLength.strip()) > MAX_BODY;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static GatewayException payloadTooLarge() {
    return GatewayException.of(ErrorKind.PAYLOAD_TOO_LARGE, "Admin request bodies are limited"
        + " to " + MAX_BODY / 1024 + " KiB.");
  }

  /** Routes and runs one call; worker thread only. */
  private JsonNode run(GovernanceCall call) {
    try {
      return route(call);
    } catch (StoreException e) {
      GatewayException g = GovernanceErrors.translate(e);
      if (g.status() >= 500) {
        LOG.error("governance admin {} {} failed in the store", call.method(), call.pathText(),
            e);
      }
      throw g;
    } catch (IllegalArgumentException e) {
      // The store's records check their input too; whatever slipped past validation is the
      // caller's input, not a gateway fault.
      throw GatewayException.invalid(null, e.getMessage());
    } catch (GatewayException e) {
      if (e.status() >= 500) {
        LOG.error("governance admin {} {}: {}", call.method(), call.pathText(), e.getMessage(),
            e.getCause());
      }
      throw e;
    } catch (RuntimeException e) {
      // The edge renders this as a 500 without logging it; the log is where it can be found.
      LOG.error("governance admin {} {} failed", call.method(), call.pathText(), e);
      throw e;
    }
  }

  private JsonNode route(GovernanceCall call) {
    String resource = call.segment(0);
    if (resource.equals("audit")) {
      return reports.audit(call);
    }
    if (resource.equals("usage")) {
      return reports.usage(call);
    }
    GovernanceNodeRoutes<?> node = nodes.get(resource);
    if (node == null || call.depth() > 4 || call.hasEmptySegment()) {
      throw GovernanceErrors.unknownPath(call.pathText());
    }
    if (call.depth() <= 2) {
      return node.handle(call);
    }
    String sub = call.segment(2);
    if (call.depth() == 3 && sub.equals("limits")) {
      return limits.handle(call, node);
    }
    if (resource.equals("tenants") && sub.equals("providers")) {
      return credentials.handle(call);
    }
    if (call.depth() == 3 && resource.equals("users") && sub.equals("credits")) {
      return credits.handle(call);
    }
    if (call.depth() == 3 && resource.equals("keys") && sub.equals("revoke")) {
      return keys.revoke(call);
    }
    throw GovernanceErrors.unknownPath(call.pathText());
  }

  /** 405 unless the call uses one of {@code allowed}. */
  static void require(GovernanceCall call, HttpMethod... allowed) {
    List<String> names = new ArrayList<>();
    for (HttpMethod m : allowed) {
      if (m.equals(call.method())) {
        return;
      }
      names.add(m.name());
    }
    throw GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED, "Use " + String.join(" or ", names)
        + " on " + call.pathText() + ".");
  }
}
