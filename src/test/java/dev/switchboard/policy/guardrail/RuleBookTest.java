package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.governance.KeyRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleBookTest {
  private static final GuardrailsSpec.Scope EVERYONE = scope(List.of(), List.of(), List.of(),
      List.of());

  private static GuardrailsSpec.Scope scope(List<String> models, List<String> tenants,
      List<String> teams, List<String> keys) {
    return new GuardrailsSpec.Scope(models, tenants, teams, keys);
  }

  private static GuardrailsSpec.Rule rule(String name, String action, GuardrailsSpec.Scope s) {
    return new GuardrailsSpec.Rule(name, "pii", true, false, action, s,
        new GuardrailsSpec.Pii(List.of("email")));
  }

  private static RuleBook book(GuardrailsSpec.Rule... rules) {
    return new RuleBook(new GuardrailsSpec(List.of(rules), 100,
        JsonNodeFactory.instance.objectNode()), null,
        new GuardrailMetrics(new SimpleMeterRegistry()));
  }

  private static KeyRecord key(String id, String team, String tenant) {
    return new KeyRecord(id, "hash", "name-" + id, "u1", team, "d1", tenant, List.of(), 0, false,
        Map.of());
  }

  private static List<String> names(RuleBook.Applicable a) {
    return a.input().stream().map(g -> g.rule().name()).toList();
  }

  @Test
  void eachNonEmptyScopeListMustContainTheCallersValue() {
    RuleBook b = book(rule("all", "flag", EVERYONE),
        rule("model", "flag", scope(List.of("gpt-4o"), List.of(), List.of(), List.of())),
        rule("acme", "flag", scope(List.of(), List.of("acme"), List.of(), List.of())),
        rule("acme-red", "flag", scope(List.of(), List.of("acme"), List.of("red"), List.of())),
        rule("key", "flag", scope(List.of(), List.of(), List.of(), List.of("name-k2"))));
    assertThat(names(b.forCaller("gpt-4o", null))).containsExactly("all", "model");
    assertThat(names(b.forCaller("mini", key("k1", "red", "acme"))))
        .containsExactly("all", "acme", "acme-red");
    assertThat(names(b.forCaller("mini", key("k2", "blue", "acme"))))
        .containsExactly("all", "acme", "key");
    assertThat(names(b.forCaller("gpt-4o", key("k3", "red", "other"))))
        .containsExactly("all", "model");
  }

  @Test
  void aModelPatternEndingInAStarMatchesByPrefixAsElsewhere() {
    RuleBook b = book(rule("family", "flag",
        scope(List.of("gpt-4o*"), List.of(), List.of(), List.of())));
    assertThat(names(b.forCaller("gpt-4o-mini", null))).containsExactly("family");
    assertThat(names(b.forCaller("gpt-4o", null))).containsExactly("family");
    assertThat(names(b.forCaller("gpt-4.1", null))).isEmpty();
  }

  @Test
  void theApplicableSetIsResolvedOncePerCaller() {
    RuleBook b = book(rule("model", "flag",
        scope(List.of("gpt-4o"), List.of(), List.of(), List.of())));
    KeyRecord k = key("k1", "red", "acme");
    assertThat(b.forCaller("gpt-4o", k)).isSameAs(b.forCaller("gpt-4o", k));
    RuleBook global = book(rule("all", "flag", EVERYONE));
    assertThat(global.forCaller("a", null)).isSameAs(global.forCaller("b", k));
  }

  @Test
  void blockWinsOverRedactOverFlagWhateverOrderTheyFinishIn() {
    GuardrailsSpec.Rule flag = rule("flag", "flag", EVERYONE);
    GuardrailsSpec.Rule redact = rule("redact", "redact", EVERYONE);
    GuardrailsSpec.Rule block1 = rule("block1", "block", EVERYONE);
    GuardrailsSpec.Rule block2 = rule("block2", "block", EVERYONE);
    RuleBook b = book(flag, redact, block1, block2);
    List<Verdict> verdicts = List.of(Verdict.of(block2, "block", "x"),
        Verdict.of(flag, "flag", "x"), Verdict.of(block1, "block", "x"),
        Verdict.of(redact, "redact", "x"));
    assertThat(Decision.combine(verdicts, b).blocking().rule()).isEqualTo(block1);
    List<Verdict> reversed = new java.util.ArrayList<>(verdicts);
    java.util.Collections.reverse(reversed);
    assertThat(Decision.combine(reversed, b).blocking().rule()).isEqualTo(block1);
    assertThat(Decision.combine(verdicts.subList(1, 2), b).blocking()).isNull();
  }
}
