package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.KeyStore;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.Team;
import dev.switchboard.store.TeamStore;
import dev.switchboard.store.TenantScope;
import dev.switchboard.store.UserStore;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/teams[/<id>]}: create under a visible department, list (optionally of one
 * department), get, rename and/or move to another department of the same tenant, delete
 * (refused while users remain). A move changes the department its users' keys report, so those
 * keys are invalidated.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceTeamRoutes extends GovernanceNodeRoutes<Team> {
  private final TeamStore teams;
  private final UserStore users;
  private final KeyStore keys;
  private final GovernanceDepartmentRoutes departments;
  private final KeyInvalidation invalidation;

  GovernanceTeamRoutes(TeamStore teams, UserStore users, KeyStore keys,
      GovernanceDepartmentRoutes departments, GovernanceAuditLog audit,
      KeyInvalidation invalidation) {
    super("team", "teams", ScopeType.TEAM, audit);
    this.teams = teams;
    this.users = users;
    this.keys = keys;
    this.departments = departments;
    this.invalidation = invalidation;
  }

  @Override
  Optional<Team> find(TenantScope scope, String id) {
    return teams.get(scope, id);
  }

  @Override
  String idOf(Team t) {
    return t.id();
  }

  @Override
  String tenantOf(Team t) {
    return t.tenantId();
  }

  @Override
  ObjectNode view(Team t) {
    return GovernanceViews.team(t);
  }

  @Override
  List<Team> list(GovernanceCall call) {
    call.allowQuery("department_id");
    String departmentId = call.query("department_id");
    if (departmentId != null) {
      departments.require(call.scope(), departmentId);
    }
    return teams.list(call.scope(), departmentId);
  }

  @Override
  JsonNode created(GovernanceCall call) {
    GovernanceBody body = call.body("department_id", "name");
    String departmentId = body.requiredText("department_id");
    String name = body.requiredText("name");
    departments.require(call.scope(), departmentId);
    return recorded(call, GovernanceErrors.unique("name", taken(name),
        () -> teams.create(call.scope(), departmentId, name)));
  }

  @Override
  Optional<Team> update(GovernanceCall call, Team current) {
    GovernanceBody body = call.body("name", "department_id");
    String name = body.text("name");
    String departmentId = body.text("department_id");
    if (name == null && departmentId == null) {
      throw nothingToChange("name, department_id");
    }
    if (departmentId != null) {
      // Scoped lookup: a department of another tenant is as unknown as a missing one.
      departments.require(TenantScope.of(current.tenantId()), departmentId);
    }
    return GovernanceErrors.unique("name", taken(name == null ? current.name() : name),
        () -> teams.update(call.scope(), current.id(), name, departmentId));
  }

  @Override
  void changed(Team before, Team after) {
    if (after != null && !after.departmentId().equals(before.departmentId())) {
      TenantScope scope = TenantScope.of(after.tenantId());
      users.list(scope, after.id()).forEach(u -> keys.list(scope, u.id())
          .forEach(k -> invalidation.keyChanged(k.id())));
    }
  }

  @Override
  boolean delete(TenantScope scope, String id) {
    return teams.delete(scope, id);
  }

  private static String taken(String name) {
    return "That department already has a team named '" + name + "'.";
  }
}
