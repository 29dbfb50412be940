package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.KeyStore;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import dev.switchboard.store.User;
import dev.switchboard.store.UserStore;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/users[/<id>]}: create in a visible team, list (optionally of one team), get,
 * change e-mail, name and/or team (within the tenant), delete (refused while the user has keys).
 * A team move changes what the user's keys report, so those keys are invalidated.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceUserRoutes extends GovernanceNodeRoutes<User> {
  private final UserStore users;
  private final KeyStore keys;
  private final GovernanceTeamRoutes teams;
  private final KeyInvalidation invalidation;

  GovernanceUserRoutes(UserStore users, KeyStore keys, GovernanceTeamRoutes teams,
      GovernanceAuditLog audit, KeyInvalidation invalidation) {
    super("user", "users", ScopeType.USER, audit);
    this.users = users;
    this.keys = keys;
    this.teams = teams;
    this.invalidation = invalidation;
  }

  @Override
  Optional<User> find(TenantScope scope, String id) {
    return users.get(scope, id);
  }

  @Override
  String idOf(User u) {
    return u.id();
  }

  @Override
  String tenantOf(User u) {
    return u.tenantId();
  }

  @Override
  ObjectNode view(User u) {
    return GovernanceViews.user(u);
  }

  @Override
  List<User> list(GovernanceCall call) {
    call.allowQuery("team_id");
    String teamId = call.query("team_id");
    if (teamId != null) {
      teams.require(call.scope(), teamId);
    }
    return users.list(call.scope(), teamId);
  }

  @Override
  JsonNode created(GovernanceCall call) {
    GovernanceBody body = call.body("team_id", "email", "name");
    String teamId = body.requiredText("team_id");
    String email = email(body.requiredText("email"));
    String name = body.text("name");
    teams.require(call.scope(), teamId);
    return recorded(call, GovernanceErrors.unique("email", taken(email),
        () -> users.create(call.scope(), teamId, email, name)));
  }

  @Override
  Optional<User> update(GovernanceCall call, User current) {
    GovernanceBody body = call.body("email", "name", "team_id");
    String email = body.text("email");
    String name = body.text("name");
    String teamId = body.text("team_id");
    if (email == null && name == null && teamId == null) {
      throw nothingToChange("email, name, team_id");
    }
    if (teamId != null) {
      // Moves stay inside the user's tenant; another tenant's team is simply unknown.
      teams.require(TenantScope.of(current.tenantId()), teamId);
    }
    String mail = email == null ? null : email(email);
    return GovernanceErrors.unique("email", taken(mail == null ? current.email() : mail),
        () -> users.update(call.scope(), current.id(), mail, name, teamId));
  }

  @Override
  void changed(User before, User after) {
    if (after != null && !after.teamId().equals(before.teamId())) {
      keys.list(TenantScope.of(after.tenantId()), after.id())
          .forEach(k -> invalidation.keyChanged(k.id()));
    }
  }

  @Override
  boolean delete(TenantScope scope, String id) {
    return users.delete(scope, id);
  }

  private static String email(String text) {
    int at = text.indexOf('@');
    if (at <= 0 || at == text.length() - 1 || text.chars().anyMatch(Character::isWhitespace)) {
      throw GatewayException.invalid("email", "'email' must be an e-mail address such as"
          + " ada@example.com.");
    }
    return text;
  }

  private static String taken(String email) {
    return "A user with e-mail '" + email + "' already exists in this tenant.";
  }
}
