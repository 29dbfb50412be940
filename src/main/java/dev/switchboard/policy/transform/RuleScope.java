package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec.Match;
import dev.switchboard.governance.KeyRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's {@code match:} compiled into hash sets and prefixes: deciding whether it applies is a
 * few set look-ups, with no allocation and no pattern matching.
 *
 * <p>Threading: immutable, shared by every event loop.
 */
final class RuleScope {
  private final Set<String> models;
  private final List<String> modelPrefixes;
  private final Set<String> tenants;
  private final Set<String> teams;
  private final Set<String> keys;

  RuleScope(Match m) {
    Set<String> exact = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (String model : m.models()) {
      if (model.endsWith("*")) {
        prefixes.add(model.substring(0, model.length() - 1));
      } else {
        exact.add(model);
      }
    }
    this.models = Set.copyOf(exact);
    this.modelPrefixes = List.copyOf(prefixes);
    this.tenants = Set.copyOf(m.tenants());
    this.teams = Set.copyOf(m.teams());
    this.keys = Set.copyOf(m.keys());
  }

  /** Whether every model is in scope. */
  boolean anyModel() {
    return models.isEmpty() && modelPrefixes.isEmpty();
  }

  /** Whether some model names are matched by prefix. */
  boolean hasPrefixes() {
    return !modelPrefixes.isEmpty();
  }

  /** The exact model names listed (prefixes excluded). */
  Set<String> exactModels() {
    return models;
  }

  boolean matchesModel(String model) {
    if (anyModel()) {
      return true;
    }
    if (model == null) {
      return false;
    }
    if (models.contains(model)) {
      return true;
    }
    for (String prefix : modelPrefixes) {
      if (model.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the caller is in scope; a rule scoped to callers never matches without a key. */
  boolean matchesCaller(KeyRecord key) {
    if (key == null) {
      return tenants.isEmpty() && teams.isEmpty() && keys.isEmpty();
    }
    return (tenants.isEmpty() || tenants.contains(key.tenantId()))
        && (teams.isEmpty() || teams.contains(key.teamId()))
        && (keys.isEmpty() || keys.contains(key.id()) || keys.contains(key.name()));
  }
}
