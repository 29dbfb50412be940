package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsSectionTest {

  @Test
  void absentSectionMeansNoGuardrails() {
    assertThat(ConfigLoaderTest.load("").policies().guardrails().enabled()).isFalse();
  }

  @Test
  void readsEveryRuleType() {
    GuardrailsSpec g = ConfigLoaderTest.load("""
        guardrails:
          scope_cache_size: 50
          rules:
            - {name: pii, type: pii, applies_to: both, action: redact, entities: [email, iban]}
            - name: words
              type: deny_list
              keywords: [falcon]
              patterns: ['EMP-\\d{6}']
              max_match_chars: 12
              action: flag
              scope: {models: [gpt-4o-mini], tenants: [acme], teams: [t1], keys: [k1]}
            - {name: inj, type: prompt_injection, threshold: 0.8, phrases: {"open sesame": 0.5}}
            - {name: size, type: max_input_tokens, max_tokens: 4000}
            - name: svc
              type: external
              url: http://127.0.0.1:9/check
              timeout: 250ms
              on_error: fail_open
              headers: {authorization: "Bearer x"}
        """).policies().guardrails();
    assertThat(g.scopeCacheSize()).isEqualTo(50);
    assertThat(g.rules()).extracting(GuardrailsSpec.Rule::name)
        .containsExactly("pii", "words", "inj", "size", "svc");
    GuardrailsSpec.Rule pii = g.rules().get(0);
    assertThat(pii.input()).isTrue();
    assertThat(pii.output()).isTrue();
    assertThat(pii.settings()).isEqualTo(new GuardrailsSpec.Pii(List.of("email", "iban")));
    GuardrailsSpec.Rule words = g.rules().get(1);
    assertThat(words.settings()).isEqualTo(
        new GuardrailsSpec.DenyList(List.of("falcon"), List.of("EMP-\\d{6}"), 12));
    assertThat(words.scope().models()).containsExactly("gpt-4o-mini");
    assertThat(words.scope().keys()).containsExactly("k1");
    assertThat(g.rules().get(2).action()).isEqualTo("block");
    assertThat(g.rules().get(2).settings()).isEqualTo(
        new GuardrailsSpec.PromptInjection(0.8, true, Map.of("open sesame", 0.5)));
    assertThat(g.rules().get(3).settings()).isEqualTo(new GuardrailsSpec.MaxInputTokens(4000));
    assertThat(g.rules().get(4).settings()).isEqualTo(new GuardrailsSpec.External(
        "http://127.0.0.1:9/check", Duration.ofMillis(250), true,
        Map.of("authorization", "Bearer x")));
  }

  @Test
  void everyMistakeIsReportedWithItsPath() {
    List<String> errors = ConfigLoaderTest.errors("""
        guardrails:
          rules:
            - {name: a, type: piii}
            - {name: b, type: deny_list, patterns: ['(unclosed']}
            - {name: c, type: prompt_injection, action: redact}
            - {name: d, type: max_input_tokens, applies_to: output}
            - {name: e, type: external, url: 'ftp://x', on_error: maybe}
            - {name: e, type: pii, entities: [email, passport]}
            - {name: 'bad name!', type: pii, colour: red}
            - {name: f, type: pii, scope: {models: ['gpt-*-mini']}}
        """);
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[0].type: unknown type 'piii'").contains("did you mean 'pii'"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[1].patterns[0]: not a valid regular expression"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[2].action: a prompt_injection rule finds no text"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[3].applies_to: a max_input_tokens rule checks requests"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[3].max_tokens: required"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[4].url: must be an http:// or https:// URL"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[4].on_error: must be fail_open"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[5].entities[1]: unknown entity 'passport'"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[5].name: 'e' is already used"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[6].name: 'bad name!' may hold only"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[6].colour: unknown field"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("guardrails.rules[7].scope.models[0]: '*' may only end a name"));
  }

  @Test
  void theAdminApiBodyIsValidatedLikeTheFile() throws Exception {
    ObjectMapper json = new ObjectMapper();
    GuardrailsSpec ok = GuardrailsSpec.parse(json.readTree(
        "{\"rules\":[{\"name\":\"p\",\"type\":\"pii\",\"action\":\"redact\"}]}"), Map.of());
    assertThat(ok.rules()).hasSize(1);
    assertThat(ok.source().path("rules").get(0).path("name").asText()).isEqualTo("p");
    assertThatThrownBy(() -> GuardrailsSpec.parse(json.readTree(
        "{\"rules\":[{\"name\":\"p\",\"type\":\"pii\",\"action\":\"erase\"}],\"x\":1}"),
        Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .anySatisfy(m -> assertThat(m).startsWith("guardrails.rules[0].action: unknown action"))
            .anySatisfy(m -> assertThat(m).startsWith("guardrails.x: unknown field")));
  }
}
