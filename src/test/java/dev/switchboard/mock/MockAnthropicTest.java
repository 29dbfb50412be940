package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's Anthropic Messages API, driven over plain HTTP with the JDK client. */
class MockAnthropicTest extends RunningMockServer {

  static final String VERSION = "2023-06-01";
  static final String HELLO = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the simulator\"}]}";
  static final String WEATHER_TOOL = "{\"name\":\"get_weather\",\"description\":\"Weather\","
      + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}";
  static final String TOOLS = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
      + "\"tools\":[" + WEATHER_TOOL + "],"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}";

  static String url;

  /** One named server-sent event. */
  record Event(String name, JsonNode data) {}

  @BeforeAll
  static void urls() {
    url = server.baseUrl() + "/messages";
  }

  static HttpResponse<String> messages(String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "anthropic-version";
    all[1] = VERSION;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return post(url, body, all);
  }

  /** Asserts the status and Anthropic's envelope, and returns the inner {@code error}. */
  static JsonNode error(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo(type);
    assertThat(body.get("request_id").asText()).startsWith("req_");
    return body.get("error");
  }

  static List<Event> events(String body) {
    assertThat(body).endsWith("\n\n");
    List<Event> out = new ArrayList<>();
    for (String raw : body.substring(0, body.length() - 2).split("\n\n", -1)) {
      String[] lines = raw.split("\n", -1);
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      Event e = new Event(lines[0].substring(7), json(lines[1].substring(6)));
      assertThat(e.data().get("type").asText()).isEqualTo(e.name());
      out.add(e);
    }
    return out;
  }

  static String withStream(String body) {
    return body.replaceFirst("\\{", "{\"stream\":true,");
  }

  @Test
  void textAnswerHasTheMessageShape() {
    HttpResponse<String> response = messages(HELLO, "x-mock-tokens", "5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("request-id")).isPresent();
    JsonNode m = json(response);
    assertThat(m.get("id").asText()).startsWith("msg_");
    assertThat(m.get("type").asText()).isEqualTo("message");
    assertThat(m.get("role").asText()).isEqualTo("assistant");
    assertThat(m.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(m.get("content")).hasSize(1);
    assertThat(m.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(m.at("/content/0/text").asText()).isEqualTo("This is a simulated response");
    assertThat(m.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(m.get("stop_sequence").isNull()).isTrue();
    assertThat(m.at("/usage/input_tokens").asInt()).isEqualTo(6); // 26 characters / 4
    assertThat(m.at("/usage/output_tokens").asInt()).isEqualTo(5);
    assertThat(m.at("/usage/cache_creation_input_tokens").asInt()).isZero();
    assertThat(m.at("/usage/cache_read_input_tokens").asInt()).isZero();
    assertThat(server.requests()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/v1/messages");
      assertThat(r.header("anthropic-version")).isEqualTo(VERSION);
      assertThat(r.body()).isEqualTo(HELLO);
    });
  }

  @Test
  void maxTokensAndStopSequencesEndTheText() {
    JsonNode cut = json(messages(HELLO.replace("1024", "3"), "x-mock-tokens", "10"));
    assertThat(cut.at("/content/0/text").asText()).isEqualTo("This is a");
    assertThat(cut.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(cut.at("/usage/output_tokens").asInt()).isEqualTo(3);

    JsonNode stopped = json(messages(
        HELLO.replace("\"max_tokens\"", "\"stop_sequences\":[\"simulated\"],\"max_tokens\"")));
    assertThat(stopped.at("/content/0/text").asText()).isEqualTo("This is a ");
    assertThat(stopped.get("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(stopped.get("stop_sequence").asText()).isEqualTo("simulated");
  }

  @Test
  void toolsGiveAToolUseAnswer() {
    JsonNode m = json(messages(TOOLS));

    assertThat(m.get("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode block = m.at("/content/0");
    assertThat(block.get("type").asText()).isEqualTo("tool_use");
    assertThat(block.get("id").asText()).startsWith("toolu_");
    assertThat(block.get("name").asText()).isEqualTo("get_weather");
    assertThat(block.get("input").isObject()).isTrue();
    assertThat(block.at("/input/city").isTextual()).isTrue();
    assertThat(block.at("/input/days").isInt()).isTrue();
  }

  @Test
  void toolResultsInTheLastTurnGetATextAnswerUnlessAToolIsForced() {
    String turn = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,%s\"tools\":["
        + WEATHER_TOOL + "],\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
        + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
        + "\"content\":\"sunny\"}]}]}";

    JsonNode auto = json(messages(String.format(turn, "")));
    assertThat(auto.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(auto.at("/content/0/type").asText()).isEqualTo("text");

    JsonNode forced = json(messages(String.format(turn, "\"tool_choice\":{\"type\":\"any\"},")));
    assertThat(forced.get("stop_reason").asText()).isEqualTo("tool_use");

    JsonNode none = json(messages(
        TOOLS.replace("\"tools\"", "\"tool_choice\":{\"type\":\"none\"},\"tools\"")));
    assertThat(none.get("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void validationErrorsUseAnthropicsEnvelope() {
    String base = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":%s}";
    assertThat(error(messages("{\"model\":\"claude-sonnet-4-5\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error")
        .get("message").asText()).isEqualTo("max_tokens: Field required");
    assertThat(invalid(String.format(base, "[]"))).contains("at least one message");
    assertThat(invalid(String.format(base, "[{\"role\":\"user\",\"content\":\"a\"},"
        + "{\"role\":\"user\",\"content\":\"b\"}]"))).contains("must alternate")
        .contains("multiple \"user\" roles");
    assertThat(invalid(String.format(base, "[{\"role\":\"assistant\",\"content\":\"a\"}]")))
        .contains("first message must use the \"user\" role");
    assertThat(invalid(String.format(base, "[{\"role\":\"system\",\"content\":\"be nice\"},"
        + "{\"role\":\"user\",\"content\":\"b\"}]"))).startsWith("messages.0.role")
        .contains("top-level `system` parameter");
    assertThat(invalid(String.format(base, "[{\"role\":\"user\",\"content\":\"a\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_a\","
        + "\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":"
        + "\"tool_result\",\"tool_use_id\":\"toolu_other\",\"content\":\"x\"}]}]")))
        .startsWith("messages.2.content.0").contains("toolu_other").contains("tool_use");
    assertThat(invalid(String.format(base, "[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_text\",\"text\":\"a\"}]}]"))).startsWith("messages.0.content.0")
        .contains("'input_text'");
    assertThat(invalid(HELLO.replace("\"max_tokens\"", "\"n\":2,\"max_tokens\"")))
        .isEqualTo("n: Extra inputs are not permitted");
    assertThat(invalid("{not json")).contains("invalid JSON");
    assertThat(server.requests()).hasSize(9);
  }

  static String invalid(String body) {
    return error(messages(body), 400, "invalid_request_error").get("message").asText();
  }

  @Test
  void authAndVersionHeaders() {
    assertThat(error(post(url, HELLO), 400, "invalid_request_error").get("message").asText())
        .contains("anthropic-version");
    MockServer secured = MockTestSupport.start(vertx,
        MockOptions.defaults().withRequiredApiKey("sk-ant-test-1234"));
    try {
      String securedUrl = secured.baseUrl() + "/messages";
      String[] version = {"anthropic-version", VERSION};
      error(post(securedUrl, HELLO, version), 401, "authentication_error");
      error(post(securedUrl, HELLO, "anthropic-version", VERSION, "x-api-key", "sk-wrong"), 401,
          "authentication_error");
      error(post(securedUrl, HELLO, "anthropic-version", VERSION, "Authorization",
          "Bearer sk-wrong"), 401, "authentication_error");
      // The official Java SDK sends its API key as a bearer token.
      assertThat(post(securedUrl, HELLO, "anthropic-version", VERSION, "Authorization",
          "Bearer sk-ant-test-1234").statusCode()).isEqualTo(200);
      assertThat(post(securedUrl, HELLO, "anthropic-version", VERSION, "x-api-key",
          "sk-ant-test-1234").statusCode()).isEqualTo(200);
    } finally {
      MockTestSupport.await(secured.close());
    }
  }

  @Test
  void injectedStatusesUseAnthropicErrorTypes() {
    HttpResponse<String> limited = messages(HELLO, "x-mock-status", "429", "x-mock-retry-after",
        "7");
    assertThat(error(limited, 429, "rate_limit_error").get("message").asText())
        .contains("rate limit");
    assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
    HttpResponse<String> overloaded = messages(HELLO, "x-mock-status", "529");
    assertThat(error(overloaded, 529, "overloaded_error").get("message").asText())
        .isEqualTo("Overloaded");
    error(messages(HELLO, "x-mock-status", "500"), 500, "api_error");
    error(messages(HELLO, "x-mock-status", "401"), 401, "authentication_error");
    error(messages(HELLO, "x-mock-status", "403"), 403, "permission_error");
    error(messages(HELLO, "x-mock-status", "404"), 404, "not_found_error");
    error(messages(HELLO, "x-mock-fail-rate", "1"), 500, "api_error");
    error(messages(withStream(HELLO), "x-mock-status", "529"), 529, "overloaded_error");
  }

  @Test
  void countTokensEstimatesLikeMessages() {
    HttpResponse<String> response = post(server.baseUrl() + "/messages/count_tokens",
        HELLO.replace("\"max_tokens\":1024,", ""), "anthropic-version", VERSION);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("input_tokens").asInt())
        .isEqualTo(json(messages(HELLO)).at("/usage/input_tokens").asInt());
    assertThat(json(response).size()).isEqualTo(1);
  }

  @Test
  void textStreamFollowsTheDocumentedEventOrder() {
    HttpResponse<String> response = messages(withStream(HELLO), "x-mock-tokens", "4");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    List<Event> events = events(response.body());
    assertThat(events).extracting(Event::name).containsExactly("message_start",
        "content_block_start", "ping", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
        "message_stop");
    JsonNode start = events.get(0).data().get("message");
    assertThat(start.get("id").asText()).startsWith("msg_");
    assertThat(start.get("content")).isEmpty();
    assertThat(start.get("stop_reason").isNull()).isTrue();
    assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(6);
    assertThat(events.get(1).data().at("/content_block/type").asText()).isEqualTo("text");
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(3, 7)) {
      assertThat(e.data().at("/delta/type").asText()).isEqualTo("text_delta");
      text.append(e.data().at("/delta/text").asText());
    }
    String jsonText = json(messages(HELLO, "x-mock-tokens", "4")).at("/content/0/text").asText();
    assertThat(text.toString()).isEqualTo(jsonText);
    JsonNode delta = events.get(8).data();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.at("/delta/stop_sequence").isNull()).isTrue();
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void toolStreamSendsInputJsonDeltasThatConcatenateToTheInput() {
    List<Event> events = events(messages(withStream(TOOLS), "x-mock-tokens", "6").body());

    JsonNode block = events.get(1).data().get("content_block");
    assertThat(block.get("type").asText()).isEqualTo("tool_use");
    assertThat(block.get("id").asText()).startsWith("toolu_");
    assertThat(block.get("name").asText()).isEqualTo("get_weather");
    assertThat(block.get("input").isEmpty()).isTrue();
    StringBuilder partial = new StringBuilder();
    events.stream().filter(e -> e.name().equals("content_block_delta")).forEach(e -> {
      assertThat(e.data().at("/delta/type").asText()).isEqualTo("input_json_delta");
      partial.append(e.data().at("/delta/partial_json").asText());
    });
    JsonNode input = json(partial.toString());
    assertThat(input).isEqualTo(json(messages(TOOLS)).at("/content/0/input"));
    assertThat(events.get(events.size() - 2).data().at("/delta/stop_reason").asText())
        .isEqualTo("tool_use");
  }

  @Test
  void injectedFailureWithDropPointSendsAnErrorEventMidStream() {
    List<Event> events = events(messages(withStream(HELLO), "x-mock-tokens", "5",
        "x-mock-status", "529", "x-mock-drop-after", "4").body());

    assertThat(events).extracting(Event::name).containsExactly("message_start",
        "content_block_start", "ping", "content_block_delta", "error");
    assertThat(events.get(4).data().at("/error/type").asText()).isEqualTo("overloaded_error");
  }

  @Test
  void dropAfterChunksClosesTheConnectionMidStream() throws Exception {
    String raw = MockTestSupport.rawPostUntilClosed(server.port(), "/v1/messages",
        withStream(HELLO), "anthropic-version", VERSION, "x-mock-drop-after", "3");

    assertThat(raw).contains("event: ping").doesNotContain("content_block_delta")
        .doesNotContain("message_stop");
  }
}
