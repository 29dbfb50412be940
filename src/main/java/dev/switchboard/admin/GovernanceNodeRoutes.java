package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;

/**
 * The create/list/get/patch/delete routes of one kind of governance object ({@code
 * /admin/<plural>} and {@code /admin/<plural>/<id>}), with an audit entry for every change.
 * Subclasses say how to read, write and show their kind; every lookup goes through the caller's
 * tenant scope, so another tenant's object answers 404 exactly like a missing one.
 *
 * <p>Threading: stateless apart from thread-safe collaborators; its methods block (store calls)
 * and run on worker threads.
 *
 * @param <T> the store's record of the object
 */
abstract class GovernanceNodeRoutes<T> {
  final String type;
  final String plural;
  final ScopeType scopeType;
  final GovernanceAuditLog audit;

  GovernanceNodeRoutes(String type, String plural, ScopeType scopeType,
      GovernanceAuditLog audit) {
    this.type = type;
    this.plural = plural;
    this.scopeType = scopeType;
    this.audit = audit;
  }

  /** The object, if visible in {@code scope}. */
  abstract Optional<T> find(TenantScope scope, String id);

  abstract String idOf(T node);

  abstract String tenantOf(T node);

  abstract ObjectNode view(T node);

  /** The visible objects, filtered by the call's query parameters. */
  abstract List<T> list(GovernanceCall call);

  /** Creates one from the call's body and answers it (after {@link #recorded}). */
  abstract JsonNode created(GovernanceCall call);

  /** Applies the call's body to {@code current}; empty when it vanished meanwhile. */
  abstract Optional<T> update(GovernanceCall call, T current);

  /** Deletes; false when it vanished meanwhile. */
  abstract boolean delete(TenantScope scope, String id);

  /** Hook after a committed update ({@code after} set) or deletion ({@code after} null). */
  void changed(T before, T after) {}

  /** Answers {@code /admin/<plural>} and {@code /admin/<plural>/<id>}. */
  JsonNode handle(GovernanceCall call) {
    if (call.depth() == 1) {
      if (call.method() == HttpMethod.GET) {
        return GovernanceViews.list(list(call), this::view);
      }
      GovernanceAdmin.require(call, HttpMethod.GET, HttpMethod.POST);
      call.allowQuery();
      return created(call);
    }
    String id = call.segment(1);
    call.allowQuery();
    if (call.method() == HttpMethod.GET) {
      return view(require(call.scope(), id));
    }
    if (call.method() == HttpMethod.PATCH) {
      return patch(call, id);
    }
    GovernanceAdmin.require(call, HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE);
    return remove(call, id);
  }

  /** Records the creation of {@code node} in the audit log and answers its view. */
  ObjectNode recorded(GovernanceCall call, T node) {
    ObjectNode after = view(node);
    audit.record(call, type + ".create", type, idOf(node), tenantOf(node), null, after);
    return after;
  }

  private JsonNode patch(GovernanceCall call, String id) {
    T before = require(call.scope(), id);
    T after = update(call, before).orElseThrow(() -> notFound(id));
    ObjectNode view = view(after);
    GovernanceErrors.invalidateAndRecord(() -> changed(before, after), () -> audit.record(call,
        type + ".update", type, id, tenantOf(after), view(before), view));
    return view;
  }

  private JsonNode remove(GovernanceCall call, String id) {
    T before = require(call.scope(), id);
    if (!delete(call.scope(), id)) {
      throw notFound(id);
    }
    GovernanceErrors.invalidateAndRecord(() -> changed(before, null), () -> audit.record(call,
        type + ".delete", type, id, tenantOf(before), view(before), null));
    return GovernanceViews.deleted(type, id);
  }

  /** The visible object, or 404. */
  T require(TenantScope scope, String id) {
    return find(scope, id).orElseThrow(() -> notFound(id));
  }

  GatewayException notFound(String id) {
    return GovernanceErrors.notFound(type, id, plural);
  }

  /** 400 when a PATCH body changes nothing. */
  static GatewayException nothingToChange(String fields) {
    return GatewayException.invalid(null, "Send at least one field to change: " + fields + ".");
  }

  /** 403 for what only the gateway operator (no tenant header) may do. */
  static GatewayException operatorOnly(String what) {
    return GatewayException.of(ErrorKind.PERMISSION_DENIED, "Only the gateway operator can "
        + what + "; this call is limited to one tenant (" + GovernanceCall.TENANT_HEADER + ").");
  }
}
