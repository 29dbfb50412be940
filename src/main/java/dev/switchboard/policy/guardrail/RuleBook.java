package dev.switchboard.policy.guardrail;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.governance.KeyRecord;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardrails compiled from one {@link GuardrailsSpec}, and which of them apply to a caller.
 * The applicable set is resolved once per caller shape (model × tenant × team × key) and kept in
 * a bounded Caffeine cache, so a request costs one lookup however many rules there are; when no
 * rule is scoped there is no lookup at all. A new rule set is a new book (the admin API swaps
 * books), so the cache never holds stale answers.
 *
 * <p>Immutable apart from the thread-safe cache; shared by every event loop.
 */
final class RuleBook {

  /**
   * The guardrails that apply to one caller, split by direction, in configuration order.
   *
   * @param input built-in guardrails on the request
   * @param inputExternal services asked about the request
   * @param output built-in guardrails on the answer (span detectors only)
   * @param outputExternal services asked about a complete (not streamed) answer
   * @param holdback what a stream holds back per choice: the longest match of any output detector
   */
  record Applicable(List<BuiltInGuardrail> input, List<ExternalGuardrail> inputExternal,
      List<BuiltInGuardrail> output, List<ExternalGuardrail> outputExternal, int holdback) {

    boolean checksInput() {
      return !input.isEmpty() || !inputExternal.isEmpty();
    }

    boolean checksOutput() {
      return !output.isEmpty() || !outputExternal.isEmpty();
    }
  }

  private final GuardrailsSpec spec;
  private final List<BuiltInGuardrail> builtIns = new ArrayList<>();
  private final List<ExternalGuardrail> externals = new ArrayList<>();
  private final Applicable everyone;
  private final Cache<String, Applicable> byCaller;

  RuleBook(GuardrailsSpec spec, HttpClient client, GuardrailMetrics metrics) {
    this.spec = spec;
    boolean scoped = false;
    for (GuardrailsSpec.Rule r : spec.rules()) {
      if (r.settings() instanceof GuardrailsSpec.External) {
        externals.add(new ExternalGuardrail(r, client, metrics));
      } else {
        builtIns.add(BuiltInGuardrail.compile(r));
      }
      scoped |= !r.scope().global();
    }
    this.everyone = scoped ? null : select(null, null);
    this.byCaller = scoped
        ? Caffeine.newBuilder().maximumSize(spec.scopeCacheSize()).build() : null;
  }

  GuardrailsSpec spec() {
    return spec;
  }

  /** The position of {@code rule} in the configuration: earlier rules win ties. */
  int order(GuardrailsSpec.Rule rule) {
    return spec.rules().indexOf(rule);
  }

  /** The guardrails that apply to a request for {@code model} by {@code key} (null: open plane). */
  Applicable forCaller(String model, KeyRecord key) {
    if (everyone != null) {
      return everyone;
    }
    String cacheKey = key == null ? model + "\u0000" : model + "\u0000" + key.id() + "\u0000"
        + key.teamId() + "\u0000" + key.tenantId();
    return byCaller.get(cacheKey, k -> select(model, key));
  }

  private Applicable select(String model, KeyRecord key) {
    List<BuiltInGuardrail> in = new ArrayList<>();
    List<BuiltInGuardrail> out = new ArrayList<>();
    List<ExternalGuardrail> inExt = new ArrayList<>();
    List<ExternalGuardrail> outExt = new ArrayList<>();
    int holdback = 0;
    for (BuiltInGuardrail g : builtIns) {
      if (!applies(g.rule().scope(), model, key)) {
        continue;
      }
      if (g.rule().input()) {
        in.add(g);
      }
      if (g.rule().output() && g.detector() != null) {
        out.add(g);
        holdback = Math.max(holdback, g.detector().maxMatchChars());
      }
    }
    for (ExternalGuardrail g : externals) {
      if (applies(g.rule().scope(), model, key)) {
        (g.rule().input() ? inExt : outExt).add(g);
        if (g.rule().input() && g.rule().output()) {
          outExt.add(g);
        }
      }
    }
    return new Applicable(List.copyOf(in), List.copyOf(inExt), List.copyOf(out),
        List.copyOf(outExt), holdback);
  }

  private static boolean applies(GuardrailsSpec.Scope s, String model, KeyRecord key) {
    return matchesModel(s.models(), model)
        && matches(s.tenants(), key == null ? null : key.tenantId())
        && matches(s.teams(), key == null ? null : key.teamId())
        && (s.keys().isEmpty() || key != null
            && (s.keys().contains(key.id()) || s.keys().contains(key.name())));
  }

  /** An exact name, or a prefix written with a trailing {@code *} ({@code gpt-4o*}). */
  private static boolean matchesModel(List<String> allowed, String model) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (model == null) {
      return false;
    }
    for (String a : allowed) {
      if (a.endsWith("*") ? model.startsWith(a.substring(0, a.length() - 1)) : a.equals(model)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.isEmpty() || value != null && allowed.contains(value);
  }
}
