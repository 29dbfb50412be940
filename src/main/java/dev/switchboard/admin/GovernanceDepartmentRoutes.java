package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.Department;
import dev.switchboard.store.DepartmentStore;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/departments[/<id>]}: create under a visible tenant, list (optionally of one
 * tenant), get, rename, delete (refused while teams remain).
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceDepartmentRoutes extends GovernanceNodeRoutes<Department> {
  private final DepartmentStore departments;
  private final GovernanceTenantRoutes tenants;

  GovernanceDepartmentRoutes(DepartmentStore departments, GovernanceTenantRoutes tenants,
      GovernanceAuditLog audit) {
    super("department", "departments", ScopeType.DEPARTMENT, audit);
    this.departments = departments;
    this.tenants = tenants;
  }

  @Override
  Optional<Department> find(TenantScope scope, String id) {
    return departments.get(scope, id);
  }

  @Override
  String idOf(Department d) {
    return d.id();
  }

  @Override
  String tenantOf(Department d) {
    return d.tenantId();
  }

  @Override
  ObjectNode view(Department d) {
    return GovernanceViews.department(d);
  }

  @Override
  List<Department> list(GovernanceCall call) {
    call.allowQuery("tenant_id");
    String tenantId = call.query("tenant_id");
    if (tenantId != null) {
      tenants.require(call.scope(), tenantId);
    }
    return departments.list(call.scope(), tenantId);
  }

  @Override
  JsonNode created(GovernanceCall call) {
    GovernanceBody body = call.body("tenant_id", "name");
    String tenantId = body.requiredText("tenant_id");
    String name = body.requiredText("name");
    tenants.require(call.scope(), tenantId);
    return recorded(call, GovernanceErrors.unique("name", taken(name),
        () -> departments.create(call.scope(), tenantId, name)));
  }

  @Override
  Optional<Department> update(GovernanceCall call, Department current) {
    String name = call.body("name").requiredText("name");
    return GovernanceErrors.unique("name", taken(name),
        () -> departments.rename(call.scope(), current.id(), name));
  }

  @Override
  boolean delete(TenantScope scope, String id) {
    return departments.delete(scope, id);
  }

  private static String taken(String name) {
    return "This tenant already has a department named '" + name + "'.";
  }
}
