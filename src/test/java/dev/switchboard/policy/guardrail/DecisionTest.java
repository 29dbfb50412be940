package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final GuardrailsSpec.Scope EVERYONE =
      new GuardrailsSpec.Scope(List.of(), List.of(), List.of(), List.of());

  @Test
  void aServicesRewriteComesFirstThenEveryBuiltInRedactionInPlace() throws Exception {
    GuardrailsSpec.Rule pii = new GuardrailsSpec.Rule("pii", "pii", true, false, "redact",
        EVERYONE, new GuardrailsSpec.Pii(List.of("email", "phone")));
    GuardrailsSpec.Rule words = new GuardrailsSpec.Rule("words", "deny_list", true, false,
        "redact", EVERYONE, new GuardrailsSpec.DenyList(List.of("falcon"), List.of(), 1));
    GuardrailsSpec.Rule svc = new GuardrailsSpec.Rule("svc", "external", true, false, "block",
        EVERYONE, new GuardrailsSpec.External("http://x", java.time.Duration.ofSeconds(1), true,
            java.util.Map.of()));
    RuleBook book = new RuleBook(new GuardrailsSpec(List.of(pii, words, svc), 10,
        JsonNodeFactory.instance.objectNode()), null,
        new GuardrailMetrics(new SimpleMeterRegistry()));
    ObjectNode body = (ObjectNode) Json.MAPPER.readTree("{\"messages\":["
        + "{\"role\":\"system\",\"content\":\"be nice\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"falcon: a@b.io, secret"
        + " plan\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}]}");
    Texts texts = Texts.ofRequest(body);
    BuiltInGuardrail p = BuiltInGuardrail.compile(pii);
    BuiltInGuardrail w = BuiltInGuardrail.compile(words);
    List<Verdict> verdicts = List.of(
        new Verdict(svc, "redact", "r", null, List.of("be nice", "falcon: a@b.io, [plan]"), false),
        w.check(texts, body), p.check(texts, body));
    assertThat(Decision.combine(verdicts, book).redact(texts)).isTrue();
    assertThat(body.at("/messages/1/content/0/text").asText())
        .isEqualTo("[REDACTED:words]: [REDACTED:EMAIL], [plan]");
    assertThat(body.at("/messages/0/content").asText()).isEqualTo("be nice");
    assertThat(body.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("u");
  }
}
