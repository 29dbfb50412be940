package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

/**
 * The simulated prompt cache behind the Anthropic and Bedrock APIs: a marked prefix is written the
 * first time, read when it comes again, and the counts always add up to the prompt's size.
 */
class MockPromptCacheTest extends RunningMockServer {
  /** About 1,450 tokens of system prompt (the estimate is 4 characters a token). */
  private static final String SYSTEM =
      "You review pull requests carefully and briefly. ".repeat(120);

  private static String request(String system, String ttl, String... userTurns) {
    ObjectNode body = MockJson.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5")
        .put("max_tokens", 64);
    ObjectNode cache = MockJson.MAPPER.createObjectNode().put("type", "ephemeral");
    if (ttl != null) {
      cache.put("ttl", ttl);
    }
    body.putArray("system").addObject().put("type", "text").put("text", system)
        .set("cache_control", cache);
    var messages = body.putArray("messages");
    for (int i = 0; i < userTurns.length; i++) {
      if (i > 0) {
        messages.addObject().put("role", "assistant").put("content", "Noted.");
      }
      ObjectNode block = messages.addObject().put("role", "user").putArray("content").addObject()
          .put("type", "text").put("text", userTurns[i]);
      if (i == userTurns.length - 1 && userTurns.length > 1) {
        block.putObject("cache_control").put("type", "ephemeral"); // Claude Code's moving mark
      }
    }
    return body.toString();
  }

  /** POST /v1/messages to this class's server (MockAnthropicTest's URL is its own server's). */
  private static java.net.http.HttpResponse<String> messages(String body) {
    return MockTestSupport.post(server.baseUrl() + "/messages", body, "anthropic-version",
        MockAnthropicTest.VERSION);
  }

  private static JsonNode usage(String body) {
    var response = messages(body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("usage");
  }

  private static int promptTokens(JsonNode u) {
    return u.get("input_tokens").asInt() + u.get("cache_read_input_tokens").asInt()
        + u.get("cache_creation_input_tokens").asInt();
  }

  @Test
  void aMarkedPrefixIsWrittenOnceThenReadByJsonAndStreamedAnswers() {
    String first = request(SYSTEM + "write-read", null, "Review PR 1.");
    JsonNode written = usage(first);
    assertThat(written.get("cache_creation_input_tokens").asInt()).isGreaterThan(1_000);
    assertThat(written.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(written.get("input_tokens").asInt()).isBetween(1, 10);
    assertThat(written.at("/cache_creation/ephemeral_5m_input_tokens").asInt())
        .isEqualTo(written.get("cache_creation_input_tokens").asInt());
    assertThat(written.at("/cache_creation/ephemeral_1h_input_tokens").asInt()).isZero();
    int prompt = promptTokens(written);

    JsonNode read = usage(request(SYSTEM + "write-read", null, "Review PR 2, which is longer."));
    assertThat(read.get("cache_read_input_tokens").asInt())
        .isEqualTo(written.get("cache_creation_input_tokens").asInt());
    assertThat(read.get("cache_creation_input_tokens").asInt()).isZero();

    List<MockAnthropicTest.Event> events = MockAnthropicTest.events(
        messages(MockAnthropicTest.withStream(first)).body());
    JsonNode started = events.get(0).data().at("/message/usage");
    assertThat(started.get("cache_read_input_tokens").asInt())
        .isEqualTo(written.get("cache_creation_input_tokens").asInt());
    assertThat(started.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(promptTokens(started)).isEqualTo(prompt);
  }

  @Test
  void anotherPrefixOrModelIsWrittenAgainAndAnHourLongTtlIsReportedAsSuch() {
    JsonNode a = usage(request(SYSTEM + "prefix-a", "1h", "Hi"));
    assertThat(a.at("/cache_creation/ephemeral_1h_input_tokens").asInt())
        .isEqualTo(a.get("cache_creation_input_tokens").asInt()).isPositive();
    assertThat(a.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isZero();
    JsonNode b = usage(request(SYSTEM + "prefix-b", null, "Hi"));
    assertThat(b.get("cache_creation_input_tokens").asInt()).isPositive();
    assertThat(b.get("cache_read_input_tokens").asInt()).isZero();
    JsonNode otherModel = usage(request(SYSTEM + "prefix-a", null, "Hi")
        .replace("claude-sonnet-4-5", "claude-haiku-4-5"));
    assertThat(otherModel.get("cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void aBreakpointMovedDownTheConversationReadsWhatTheTurnBeforeWrote() {
    String system = SYSTEM + "moving";
    String question = "Explain this diff in detail. ".repeat(40);
    JsonNode turn1 = usage(request(system, null, question, "And the tests?"));
    int firstWrite = turn1.get("cache_creation_input_tokens").asInt();
    assertThat(turn1.get("cache_read_input_tokens").asInt()).isZero();
    JsonNode turn2 = usage(request(system, null, question, "And the tests?", "Ship it?"));
    assertThat(turn2.get("cache_read_input_tokens").asInt()).isEqualTo(firstWrite);
    assertThat(turn2.get("cache_creation_input_tokens").asInt()).isBetween(1, 10);
  }

  @Test
  void requestsWithoutCacheControlReportNoCacheTraffic() {
    JsonNode u = usage(MockAnthropicTest.HELLO);
    assertThat(u.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(u.get("cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void bedrockCachePointsAreWrittenThenReadInJsonAndInTheMetadataEvent() {
    String body = "{\"system\":[{\"text\":\"" + SYSTEM + "bedrock\"},{\"cachePoint\":{\"type\":"
        + "\"default\"}}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
        + "\"inferenceConfig\":{\"maxTokens\":50}}";
    JsonNode first = MockBedrockTest.json(MockBedrockTest.call("converse", body)).get("usage");
    int written = first.get("cacheWriteInputTokens").asInt();
    assertThat(written).isGreaterThan(1_000);
    assertThat(first.get("cacheReadInputTokens").asInt()).isZero();
    assertThat(first.get("totalTokens").asInt()).isEqualTo(first.get("inputTokens").asInt()
        + written + first.get("outputTokens").asInt());

    List<Message> frames = MockBedrockTest.frames(MockBedrockTest.call("converse-stream", body)
        .body());
    JsonNode metadata = json(new String(frames.get(frames.size() - 1).getPayload(),
        java.nio.charset.StandardCharsets.UTF_8)).get("usage");
    assertThat(metadata.get("cacheReadInputTokens").asInt()).isEqualTo(written);
    assertThat(metadata.get("cacheWriteInputTokens").asInt()).isZero();

    JsonNode plain = MockBedrockTest.json(MockBedrockTest.call("converse", MockBedrockTest.HELLO))
        .get("usage");
    assertThat(plain.has("cacheReadInputTokens")).isFalse();
    assertThat(plain.has("cacheWriteInputTokens")).isFalse();
  }
}
