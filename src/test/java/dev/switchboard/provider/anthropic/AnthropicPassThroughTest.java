package dev.switchboard.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Exchange;
import org.junit.jupiter.api.Test;

class AnthropicPassThroughTest {

  @Test
  void theOriginalGoesOutWithTheDeploymentsModelUntilAStageChangesTheRequest() {
    ObjectNode original = (ObjectNode) AnthropicFixtures.json(io.vertx.core.buffer.Buffer.buffer(
        "{\"model\":\"alias\",\"max_tokens\":9,\"top_k\":5,\"messages\":[]}"));
    Exchange ex = AnthropicFixtures.exchange("{\"model\":\"alias\",\"messages\":[]}");
    ex.markBodyChanged(); // the translation itself
    AnthropicPassThrough pass = new AnthropicPassThrough(original, ex.bodyVersion());
    ObjectNode sent = pass.body(ex, "claude-sonnet-4-5");
    assertThat(sent.path("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(sent.path("top_k").asInt()).isEqualTo(5);

    // A guardrail's redaction may leave the tree's hash as it was; the version still moves.
    ex.markBodyChanged();
    assertThat(pass.body(ex, "claude-sonnet-4-5")).as("translate the changed request").isNull();
  }
}
