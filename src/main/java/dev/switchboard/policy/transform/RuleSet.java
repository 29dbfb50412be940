package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec;
import dev.switchboard.governance.KeyRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The active transformation rules, compiled, with an index by model: for each model a rule names
 * exactly, the rules that can apply to it (in declared order); for every other model, the rules
 * that name no model or a prefix. Resolving a request is one map look-up and a scan of those
 * candidates; when none applies nothing is allocated, and when all apply the precomputed list is
 * returned as it is. (A cache keyed by model and caller would cost more than this scan: building
 * its key alone allocates.)
 *
 * <p>Threading: immutable, shared by every event loop; replaced as a whole at run time.
 */
final class RuleSet {
  private final TransformsSpec spec;
  private final Map<String, List<CompiledRule>> byModel = new HashMap<>();
  private final List<CompiledRule> otherModels;

  private RuleSet(TransformsSpec spec, List<CompiledRule> rules) {
    this.spec = spec;
    List<CompiledRule> other = new ArrayList<>();
    for (CompiledRule r : rules) {
      r.scope().exactModels().forEach(model -> byModel.put(model, List.of()));
      if (r.scope().anyModel() || r.scope().hasPrefixes()) {
        other.add(r);
      }
    }
    byModel.replaceAll((model, none) -> rules.stream()
        .filter(r -> r.scope().matchesModel(model)).toList());
    this.otherModels = List.copyOf(other);
  }

  /** Compiles {@code spec}, registering each rule's counters in {@code registry}. */
  static RuleSet compile(TransformsSpec spec, MeterRegistry registry) {
    List<CompiledRule> rules = new ArrayList<>(spec.rules().size());
    for (TransformsSpec.Rule r : spec.rules()) {
      rules.add(new CompiledRule(r, registry));
    }
    return new RuleSet(spec, rules);
  }

  /** The rules as configured, for the admin API. */
  TransformsSpec spec() {
    return spec;
  }

  /**
   * The rules that apply to a request for {@code model} by {@code key} (null when the data plane
   * is open), in declared order; an empty list when none does.
   */
  List<CompiledRule> applicable(String model, KeyRecord key) {
    List<CompiledRule> candidates = model == null ? null : byModel.get(model);
    if (candidates == null) {
      candidates = otherModels;
    }
    int matching = 0;
    for (int i = 0; i < candidates.size(); i++) {
      if (applies(candidates.get(i), model, key)) {
        matching++;
      }
    }
    if (matching == candidates.size()) {
      return candidates;
    }
    if (matching == 0) {
      return List.of();
    }
    List<CompiledRule> out = new ArrayList<>(matching);
    for (int i = 0; i < candidates.size(); i++) {
      if (applies(candidates.get(i), model, key)) {
        out.add(candidates.get(i));
      }
    }
    return out;
  }

  private static boolean applies(CompiledRule r, String model, KeyRecord key) {
    return r.scope().matchesModel(model) && r.scope().matchesCaller(key);
  }
}
