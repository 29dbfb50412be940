package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.Tenant;
import dev.switchboard.store.TenantScope;
import dev.switchboard.store.TenantStore;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/tenants[/<id>]}: create (operator only), list, get, rename, delete (refused while
 * departments remain).
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceTenantRoutes extends GovernanceNodeRoutes<Tenant> {
  private final TenantStore tenants;

  GovernanceTenantRoutes(TenantStore tenants, GovernanceAuditLog audit) {
    super("tenant", "tenants", ScopeType.TENANT, audit);
    this.tenants = tenants;
  }

  @Override
  Optional<Tenant> find(TenantScope scope, String id) {
    return tenants.get(scope, id);
  }

  @Override
  String idOf(Tenant t) {
    return t.id();
  }

  @Override
  String tenantOf(Tenant t) {
    return t.id();
  }

  @Override
  ObjectNode view(Tenant t) {
    return GovernanceViews.tenant(t);
  }

  @Override
  List<Tenant> list(GovernanceCall call) {
    call.allowQuery();
    return tenants.list(call.scope());
  }

  @Override
  JsonNode created(GovernanceCall call) {
    if (!call.scope().isAll()) {
      // A tenant admin may not mint tenants: that would be an object outside its own tenant.
      throw operatorOnly("create tenants");
    }
    String name = call.body("name").requiredText("name");
    return recorded(call, GovernanceErrors.unique("name", "A tenant named '" + name
        + "' already exists; tenant names are unique.", () -> tenants.create(name)));
  }

  @Override
  Optional<Tenant> update(GovernanceCall call, Tenant current) {
    String name = call.body("name").requiredText("name");
    return GovernanceErrors.unique("name", "A tenant named '" + name + "' already exists;"
        + " tenant names are unique.", () -> tenants.rename(call.scope(), current.id(), name));
  }

  @Override
  boolean delete(TenantScope scope, String id) {
    return tenants.delete(scope, id);
  }
}
