package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.limits.TokenEstimator;
import dev.switchboard.provider.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cheap ceiling that lets most prompts skip tokenizing must never be below the estimate. */
class TokenCeilingTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
          + "{\"role\":\"user\",\"name\":\"bob\",\"content\":\"日本語のテキスト 🎉🎉 ok\"}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
          + "\"text\":\"what is this\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},"
          + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"y\"}}]}]}",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
          + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"1\"}],"
          + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
          + "{\"type\":\"object\"}}}]}",
      "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":[\"a\",\"b c d\"]}"
  })
  void theCeilingIsNeverBelowTheEstimate(String json) throws Exception {
    JsonNode body = Json.MAPPER.readTree(json);
    assertThat(BuiltInGuardrail.tokenCeiling(body))
        .isGreaterThanOrEqualTo(new TokenEstimator().estimateCheap(body));
  }
}
