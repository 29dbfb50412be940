package dev.switchboard.config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the names models use for each other once every model is read: that aliases are unique
 * among all model names and aliases, and that every fallback ({@code fallbacks},
 * {@code context_window_fallback}, {@code content_policy_fallback}) resolves to a configured model
 * or alias, or to {@code provider/model} of a declared provider, and is not the model itself.
 * Stateless; problems are reported through each model's reader.
 */
final class ModelReferences {

  /**
   * What one model declared, with the fields the names came from. Immutable (the reader only
   * collects errors).
   *
   * @param name the model's name
   * @param reader the model's reader, where problems are reported
   * @param aliases its {@code aliases} items
   * @param references every model name it falls back to, each with its field
   */
  record Entry(String name, NodeReader reader, List<NodeReader.Item> aliases,
      List<NodeReader.Item> references) {}

  private ModelReferences() {}

  /** Reports every alias collision and unresolvable or self-referencing fallback. */
  static void check(List<Entry> entries, Set<String> providers) {
    Set<String> models = new LinkedHashSet<>();
    entries.forEach(e -> models.add(e.name()));
    // every name a client may send, mapped to the model it reaches
    Map<String, String> owners = new HashMap<>();
    models.forEach(m -> owners.put(m, m));
    entries.forEach(e -> claimAliases(e, models, owners));
    entries.forEach(e -> e.references().forEach(ref -> checkReference(e, ref, owners, providers)));
  }

  private static void claimAliases(Entry e, Set<String> models, Map<String, String> owners) {
    for (NodeReader.Item item : e.aliases()) {
      String alias = item.value().trim();
      if (alias.isEmpty() || alias.chars().anyMatch(Character::isWhitespace)) {
        e.reader().error(item.field(), "alias must not be empty or contain whitespace");
        continue;
      }
      String owner = owners.putIfAbsent(alias, e.name());
      if (owner == null) {
        continue;
      }
      String problem;
      if (models.contains(alias)) {
        problem = owner.equals(e.name()) ? "is the model's own name" : "is already a model name";
      } else {
        problem = owner.equals(e.name()) ? "is listed twice"
            : "is already an alias of model '" + owner + "'";
      }
      // one name must reach one model, or requests would depend on declaration order
      e.reader().error(item.field(), "alias '" + alias + "' " + problem);
    }
  }

  private static void checkReference(
      Entry e, NodeReader.Item ref, Map<String, String> owners, Set<String> providers) {
    String target = ref.value().trim();
    if (target.isEmpty()) {
      e.reader().error(ref.field(), "must not be empty");
      return;
    }
    String owner = owners.get(target);
    if (e.name().equals(owner)) {
      e.reader().error(ref.field(), "'" + target + "' is this model itself; a model cannot fall"
          + " back to itself");
      return;
    }
    if (owner != null || isProviderModel(target, providers)) {
      return;
    }
    e.reader().error(ref.field(), "'" + target + "' is neither a configured model or alias nor"
        + " provider/model with a declared provider" + hint(target, owners.keySet(), providers));
  }

  private static boolean isProviderModel(String target, Set<String> providers) {
    int slash = target.indexOf('/');
    return slash > 0 && slash < target.length() - 1
        && providers.contains(target.substring(0, slash));
  }

  /** Points at the likely typo: the provider part when there is one, else the model name. */
  private static String hint(String target, Set<String> names, Set<String> providers) {
    int slash = target.indexOf('/');
    if (slash > 0 && !providers.contains(target.substring(0, slash))) {
      String provider = target.substring(0, slash);
      return providers.isEmpty() ? "; no providers are declared"
          : "; unknown provider '" + provider + "'" + DidYouMean.hint(provider, providers);
    }
    return slash < 0 ? DidYouMean.hint(target, names) : "";
  }
}
