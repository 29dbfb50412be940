package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.errors;
import static dev.switchboard.config.ConfigLoaderTest.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.TransformsSpec.InjectPosition;
import dev.switchboard.config.TransformsSpec.Rule;
import dev.switchboard.config.TransformsSpec.SystemPosition;
import dev.switchboard.config.TransformsSpec.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code transformations:}: every field, its defaults, and every mistake named by its path. */
class TransformsConfigTest {

  @Test
  void absentSectionAddsNothingAndAnEmptyOneEnablesTheAdminApi() {
    assertThat(load("").policies().transforms()).isEqualTo(TransformsSpec.defaults());
    assertThat(load("transformations:\n").policies().transforms().enabled()).isFalse();
    TransformsSpec empty = load("transformations: {rules: []}\n").policies().transforms();
    assertThat(empty.enabled()).isTrue();
    assertThat(empty.rules()).isEmpty();
  }

  @Test
  void readsEveryFieldOfARule() {
    TransformsSpec spec = load("""
        transformations:
          rules:
            - name: brand
              match:
                models: [gpt-4o, "gpt-4*"]
                tenants: [t-1]
                teams: [team-1]
                keys: [ci-key]
              request:
                remove: [user, logit_bias]
                defaults: {temperature: 0.2, user: "{key_name}", response_format: {type: text}}
                caps: {temperature: 0.8, max_tokens: 512}
                system_prompt: {text: "You work for {tenant_id}.", position: Append}
                inject: {text: "Be compliant.", position: system}
              response:
                remove: [system_fingerprint]
                model: Company AI
                hide_provider: true
                metadata: {request_id: "{request_id}", tenant: "{tenant_id}"}
        """, Map.of()).policies().transforms();
    Rule r = spec.rules().get(0);
    assertThat(r.name()).isEqualTo("brand");
    assertThat(r.match().models()).containsExactly("gpt-4o", "gpt-4*");
    assertThat(r.match().tenants()).containsExactly("t-1");
    assertThat(r.match().keys()).containsExactly("ci-key");
    assertThat(r.request().remove()).containsExactly("user", "logit_bias");
    assertThat(r.request().defaults().get("temperature").doubleValue()).isEqualTo(0.2);
    assertThat(r.request().defaults().get("response_format").path("type").asText())
        .isEqualTo("text");
    assertThat(r.request().caps().get("max_tokens").isIntegralNumber()).isTrue();
    assertThat(r.request().caps().get("temperature").doubleValue()).isEqualTo(0.8);
    assertThat(r.request().systemPrompt().position()).isEqualTo(SystemPosition.APPEND);
    assertThat(r.request().inject().position()).isEqualTo(InjectPosition.SYSTEM);
    assertThat(r.request().inject().separator()).isEqualTo("\n\n");
    assertThat(r.response().model()).isEqualTo("Company AI");
    assertThat(r.response().hideProvider()).isTrue();
    assertThat(r.response().metadata()).containsOnlyKeys("request_id", "tenant");
  }

  @Test
  void defaultsExpandTheEnvironmentAtEveryDepth() {
    TransformsSpec spec = load("""
        transformations:
          rules:
            - name: d
              request:
                defaults: {metadata: {region: "${REGION}"}, user: "${WHO}"}
        """, Map.of("REGION", "eu", "WHO", "ops")).policies().transforms();
    assertThat(spec.rules().get(0).request().defaults().get("metadata").path("region").asText())
        .isEqualTo("eu");
    assertThat(spec.rules().get(0).request().defaults().get("user").asText()).isEqualTo("ops");
  }

  @Test
  void everyMistakeIsReportedWithItsPath() {
    List<String> errors = errors("""
        transformations:
          rules:
            - name: a
              request:
                system_prompt: {text: "Hello {tenant}", position: middle}
                remove: [model]
                caps: {max_tokens: lots}
            - name: a
              match: {models: ["gpt-*-mini"], colour: [red]}
              response: {model: "{modle}", metadata: {x: "{date}"}}
            - response: {}
            - name: c
        """);
    assertThat(errors).contains(
        "transformations.rules[0].request.system_prompt.text: unknown template variable"
            + " '{tenant}' (did you mean 'tenant_id'?); known: date, key_name, model,"
            + " request_id, team_id, tenant_id, user_id (write {{tenant}} for the literal text)",
        "transformations.rules[0].request.system_prompt.position: must be one of prepend,"
            + " append, replace, got 'middle'",
        "transformations.rules[0].request.caps.max_tokens: must be a number (the largest value"
            + " allowed), got 'lots'",
        "transformations.rules[1].name: duplicate rule name 'a'; names must be unique",
        "transformations.rules[1].match.colour: unknown field (expected one of: keys, models,"
            + " teams, tenants)",
        "transformations.rules[2].name: required: a unique name for the rule (it labels the"
            + " rule's metrics)",
        "transformations.rules[2].response: no actions; use remove, model, hide_provider or"
            + " metadata",
        "transformations.rules[3]: a rule needs request: or response: (or both)");
    assertThat(errors).anyMatch(e -> e.startsWith(
        "transformations.rules[0].request.remove[0]: 'model' cannot be removed"));
    assertThat(errors).anyMatch(e -> e.startsWith(
        "transformations.rules[1].match.models[0]: '*' may only end a name"));
    assertThat(errors).anyMatch(e -> e.startsWith(
        "transformations.rules[1].response.model: unknown template variable '{modle}'"));
    assertThat(errors).noneMatch(e -> e.contains("metadata.x"));
  }

  @Test
  void theAdminBodyIsValidatedLikeTheFile() throws Exception {
    ObjectMapper json = new ObjectMapper();
    TransformsSpec ok = TransformsSpec.fromJson(json.readTree(
        "{\"rules\":[{\"name\":\"r\",\"response\":{\"model\":\"{model}!\"}}]}"));
    assertThat(ok.enabled()).isTrue();
    assertThat(ok.rules().get(0).response().model()).isEqualTo("{model}!");
    assertThatThrownBy(() -> TransformsSpec.fromJson(json.readTree(
        "{\"rules\":[{\"name\":\"r\",\"request\":{\"caps\":{\"top_p\":\"x\"}}}],\"extra\":1}")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "transformations.rules[0].request.caps.top_p: must be a number (the largest value"
                + " allowed), got 'x'",
            "transformations.extra: unknown field (expected one of: rules)"));
    assertThatThrownBy(() -> TransformsSpec.fromJson(json.readTree(
        "{\"rules\":[{\"name\":\"r\",\"request\":{\"defaults\":{\"user\":\"${HOME}\"}}}]}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HOME");
  }

  @Test
  void templatesSplitIntoTextAndVariablesWithDoubledBracesLiteral() {
    Template t = Template.parse("Hi {key_name}, today is {date}. {{tenant_id}} {\"json\": 1}");
    assertThat(t.variables()).containsExactly("key_name", "date");
    assertThat(t.literals()).containsExactly("Hi ", ", today is ",
        ". {tenant_id} {\"json\": 1}");
    assertThat(Template.parse("plain").constant()).isTrue();
    assertThatThrownBy(() -> Template.parse("{nope}"))
        .hasMessageStartingWith("unknown template variable '{nope}'");
  }
}
