package dev.switchboard.mock;

import static dev.switchboard.mock.MockAnthropicTest.error;
import static dev.switchboard.mock.MockAnthropicTest.events;
import static dev.switchboard.mock.MockAnthropicTest.messages;
import static dev.switchboard.mock.MockTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Extended thinking in the simulator's Messages API: validation, signed blocks, replay rules. */
class MockAnthropicThinkingTest extends RunningMockServer {

  private static final String THINK = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":";

  @BeforeAll
  static void urls() {
    MockAnthropicTest.urls();
  }

  private static String ask(int budget, int maxTokens, String extra) {
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":" + maxTokens + "," + THINK + budget
        + "}," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}";
  }

  @Test
  void budgetsTheApiRefusesAreRefused() {
    assertThat(error(messages(ask(500, 4000, "")), 400, "invalid_request_error")
        .get("message").asText()).contains("budget_tokens").contains("1024");
    assertThat(error(messages(ask(2048, 2048, "")), 400, "invalid_request_error")
        .get("message").asText()).contains("max_tokens");
  }

  @Test
  void claudeCodesAdaptiveThinkingAndSystemMessagesBetweenTurnsAreAccepted() {
    JsonNode m = json(messages("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":32000,"
        + "\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},"
        + "\"output_config\":{\"effort\":\"high\"},\"context_management\":{\"edits\":[]},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"reminder\"},"
        + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"# Environment\"}]},"
        + "{\"role\":\"user\",\"content\":\"Say hello\"}]}"));
    assertThat(m.at("/content/0/type").asText()).isEqualTo("thinking");
    assertThat(m.at("/content/1/type").asText()).isEqualTo("text");
  }

  @Test
  void anAnswerOpensWithSignedThinkingAsJsonAndAsAStream() {
    JsonNode m = json(messages(ask(1024, 4000, "")));
    assertThat(m.at("/content/0/type").asText()).isEqualTo("thinking");
    assertThat(m.at("/content/0/signature").asText())
        .isEqualTo(AnthropicThinking.signature(m.at("/content/0/thinking").asText()));
    assertThat(m.at("/content/1/type").asText()).isEqualTo("text");

    var evs = events(messages(ask(1024, 4000, "\"stream\":true,")).body());
    assertThat(evs).extracting(e -> e.data().at("/delta/type").asText())
        .contains("thinking_delta", "signature_delta", "text_delta");
    assertThat(evs.get(1).data().at("/content_block/type").asText()).isEqualTo("thinking");
  }

  @Test
  void aToolLoopMustKeepTheSignedThinkingFirst() {
    String tool = "\"tools\":[" + MockAnthropicTest.WEATHER_TOOL + "],";
    JsonNode first = json(messages(ask(1024, 4000, tool)));
    JsonNode thinking = first.at("/content/0");
    JsonNode call = first.at("/content/1");
    assertThat(call.path("type").asText()).isEqualTo("tool_use");
    String history = "[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
        + "{\"role\":\"assistant\",\"content\":[%s" + call + "]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\""
        + call.path("id").asText() + "\",\"content\":\"sunny\"}]}]";
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4000," + THINK + "1024},"
        + tool + "\"messages\":%s}";

    assertThat(messages(body.formatted(history.formatted(thinking + ","))).statusCode())
        .isEqualTo(200);
    assertThat(error(messages(body.formatted(history.formatted(""))), 400,
        "invalid_request_error").get("message").asText()).contains("must start with a thinking");
    String forged = ((com.fasterxml.jackson.databind.node.ObjectNode) thinking.deepCopy())
        .put("signature", "forged").toString();
    assertThat(error(messages(body.formatted(history.formatted(forged + ","))), 400,
        "invalid_request_error").get("message").asText()).contains("signature");
  }
}
