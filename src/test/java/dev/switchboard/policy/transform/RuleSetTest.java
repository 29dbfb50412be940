package dev.switchboard.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.TransformsSpec;
import dev.switchboard.governance.KeyRecord;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rules apply to a request: by model (exact, prefix, any) and by caller. */
class RuleSetTest {
  static final KeyRecord ACME_CI = key("k-1", "ci", "team-a", "acme");
  static final KeyRecord ACME_DEV = key("k-2", "dev", "team-b", "acme");
  static final KeyRecord GLOBEX = key("k-3", "ci", "team-c", "globex");

  static KeyRecord key(String id, String name, String team, String tenant) {
    return new KeyRecord(id, "hash-" + id, name, "user-" + id, team, "dept", tenant, List.of(), 0,
        false, Map.of());
  }

  static RuleSet rules(String rulesJson) {
    try {
      return RuleSet.compile(TransformsSpec.fromJson(Json.MAPPER.readTree(
          "{\"rules\":" + rulesJson + "}")), new SimpleMeterRegistry());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(List<CompiledRule> rules) {
    return rules.stream().map(CompiledRule::name).toList();
  }

  private static final String RULES = """
      [
        {"name": "everyone", "response": {"remove": ["system_fingerprint"]}},
        {"name": "mini", "match": {"models": ["gpt-4o-mini"]}, "response": {"model": "m"}},
        {"name": "gpt4-family", "match": {"models": ["gpt-4*"]}, "response": {"model": "f"}},
        {"name": "acme", "match": {"tenants": ["acme"]}, "response": {"model": "a"}},
        {"name": "acme-ci", "match": {"tenants": ["acme"], "keys": ["ci"]},
         "response": {"model": "c"}},
        {"name": "team-b-mini", "match": {"teams": ["team-b"], "models": ["gpt-4o-mini"]},
         "response": {"model": "b"}},
        {"name": "by-key-id", "match": {"keys": ["k-3"]}, "response": {"model": "k"}}
      ]""";

  @Test
  void theExampleFileCompilesAndScopesAsItsCommentsSay() {
    TransformsSpec spec = ConfigLoader.load(Path.of("examples/transformations.yaml"),
        Map.of("ACME_TENANT_ID", "acme")).policies().transforms();
    RuleSet set = RuleSet.compile(spec, new SimpleMeterRegistry());
    assertThat(names(set.applicable("gpt-4o-mini", ACME_CI)))
        .containsExactly("house-policy", "acme-compliance", "branding");
    assertThat(names(set.applicable("o3", GLOBEX))).containsExactly("house-policy");
  }

  @Test
  void rulesApplyInDeclaredOrderWhenEveryListMatches() {
    RuleSet set = rules(RULES);
    assertThat(names(set.applicable("gpt-4o-mini", ACME_CI)))
        .containsExactly("everyone", "mini", "gpt4-family", "acme", "acme-ci");
    assertThat(names(set.applicable("gpt-4o-mini", ACME_DEV)))
        .containsExactly("everyone", "mini", "gpt4-family", "acme", "team-b-mini");
    assertThat(names(set.applicable("gpt-4-turbo", GLOBEX)))
        .containsExactly("everyone", "gpt4-family", "by-key-id");
    assertThat(names(set.applicable("claude", GLOBEX))).containsExactly("everyone", "by-key-id");
  }

  @Test
  void withoutAKeyOnlyRulesNotScopedToCallersApply() {
    RuleSet set = rules(RULES);
    assertThat(names(set.applicable("gpt-4o-mini", null)))
        .containsExactly("everyone", "mini", "gpt4-family");
    assertThat(names(set.applicable(null, null))).containsExactly("everyone");
  }

  @Test
  void noMatchReturnsTheSharedEmptyListAndAFullMatchThePrecomputedOne() {
    RuleSet set = rules("""
        [{"name": "mini", "match": {"models": ["gpt-4o-mini"]}, "response": {"model": "m"}},
         {"name": "acme", "match": {"models": ["gpt-4o-mini"], "tenants": ["acme"]},
          "response": {"model": "a"}}]""");
    assertThat(set.applicable("other-model", ACME_CI)).isSameAs(List.of());
    assertThat(set.applicable("gpt-4o-mini", ACME_CI))
        .isSameAs(set.applicable("gpt-4o-mini", ACME_DEV));
    assertThat(names(set.applicable("gpt-4o-mini", GLOBEX))).containsExactly("mini");
    assertThat(rules("[]").applicable("gpt-4o-mini", null)).isEmpty();
  }
}
