package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.get;
import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's Gemini generateContent API, driven over plain HTTP with the JDK client. */
class MockGeminiTest extends RunningMockServer {

  static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
      + "\"Say hello to the simulator\"}]}]}";
  static final String WEATHER = "{\"name\":\"get_weather\",\"description\":\"Weather\","
      + "\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"},"
      + "\"days\":{\"type\":\"INTEGER\"}},\"required\":[\"city\"]}}";
  static final String TOOLS = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
      + "\"Weather in Paris?\"}]}],\"tools\":[{\"functionDeclarations\":[" + WEATHER + "]}]}";

  static String base;

  @BeforeAll
  static void urls() {
    base = MockTestSupport.origin(server) + "/v1beta/models";
  }

  static HttpResponse<String> generate(String body, String... headers) {
    return post(base + "/gemini-2.0-flash:generateContent", body, headers);
  }

  static HttpResponse<String> stream(String body, String... headers) {
    return post(base + "/gemini-2.0-flash:streamGenerateContent?alt=sse", body, headers);
  }

  /** Asserts the status and Google's envelope, and returns the inner {@code error}. */
  static JsonNode error(HttpResponse<String> response, int status, String name) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(status);
    assertThat(error.get("status").asText()).isEqualTo(name);
    assertThat(error.get("message").asText()).isNotEmpty();
    return error;
  }

  /** {@code body} with one more top-level member, given as {@code "name":value}. */
  static String with(String body, String member) {
    return body.substring(0, body.length() - 1) + "," + member + "}";
  }

  static String invalid(String body) {
    return error(generate(body), 400, "INVALID_ARGUMENT").get("message").asText();
  }

  @Test
  void textAnswerHasTheGenerateContentShape() {
    HttpResponse<String> response = generate(HELLO, "x-mock-tokens", "5");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    JsonNode candidate = body.at("/candidates/0");
    assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
    assertThat(candidate.at("/content/parts/0/text").asText()).isNotEmpty();
    assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
    assertThat(candidate.get("index").asInt()).isZero();
    JsonNode usage = body.get("usageMetadata");
    assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(5);
    assertThat(usage.get("totalTokenCount").asInt()).isEqualTo(
        usage.get("promptTokenCount").asInt() + 5);
    assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.0-flash");
    assertThat(body.get("responseId").asText()).isNotEmpty();
    assertThat(server.requests()).singleElement().satisfies(r ->
        assertThat(r.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent"));
  }

  @Test
  void maxOutputTokensCutsTheAnswer() {
    String body = with(HELLO, "\"generationConfig\":{\"maxOutputTokens\":3}");
    JsonNode cut = json(generate(body, "x-mock-tokens", "10"));

    assertThat(cut.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
    assertThat(cut.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
    // snake_case spellings are accepted as the protobuf JSON decoder accepts them
    String snake = with(HELLO, "\"generation_config\":{\"max_output_tokens\":2}");
    assertThat(json(generate(snake, "x-mock-tokens", "10"))
        .at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(2);
  }

  @Test
  void stopSequenceEndsTheTextBeforeIt() {
    String body = with(HELLO, "\"generationConfig\":{\"stopSequences\":[\" simulated\"]}");
    JsonNode stopped = json(generate(body, "x-mock-tokens", "10"));

    assertThat(stopped.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("This is a");
    assertThat(stopped.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(stopped.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
  }

  @Test
  void functionCallAnswerSamplesTheParametersSchema() {
    JsonNode body = json(generate(TOOLS));

    JsonNode call = body.at("/candidates/0/content/parts/0/functionCall");
    assertThat(call.get("name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/args/city").isTextual()).isTrue();
    assertThat(call.at("/args/days").isInt()).isTrue();
    assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void functionResponseTurnGetsTextInAutoModeButAnyForcesACall() {
    String loop = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
        + "\"args\":{\"city\":\"Paris\"}}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
        + "{\"name\":\"get_weather\",\"response\":{\"temp\":21}}}]}],"
        + "\"tools\":[{\"functionDeclarations\":[" + WEATHER + "]}]";

    assertThat(json(generate(loop + "}")).at("/candidates/0/content/parts/0/text").asText())
        .isNotEmpty();
    String any = loop + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}";
    assertThat(json(generate(any)).at("/candidates/0/content/parts/0/functionCall/name").asText())
        .isEqualTo("get_weather");
    String none = loop + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}";
    assertThat(json(generate(none.replace(",{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
        + "{\"name\":\"get_weather\",\"response\":{\"temp\":21}}}]}", "")))
        .at("/candidates/0/content/parts/0/text").isTextual()).isTrue();
  }

  @Test
  void validationErrorsNameTheField() {
    assertThat(invalid("{}")).contains("contents is not specified");
    assertThat(invalid("{\"contents\":[]}")).contains("contents is not specified");
    assertThat(invalid(HELLO.replace("\"user\"", "\"assistant\""))).contains("contents[0].role")
        .contains("valid role");
    assertThat(invalid("{\"contents\":[{\"parts\":[{\"content\":\"hi\"}]}]}"))
        .contains("Unknown name \"content\" at 'contents[0].parts[0]'");
    assertThat(invalid("{\"contents\":[{\"parts\":[{}]}]}")).contains("contents[0].parts[0]")
        .contains("oneof field 'data'");
    assertThat(invalid("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
        + "{\"name\":\"get_weather\",\"response\":{}}}]}]}"))
        .contains("contents[0].parts[0].function_response.name").contains("function call");
    assertThat(invalid(with(HELLO, "\"messages\":[]")))
        .isEqualTo("Invalid JSON payload received. Unknown name \"messages\": Cannot find field.");
    assertThat(invalid(with(HELLO, "\"generationConfig\":{\"max_tokens\":5}")))
        .contains("Unknown name \"max_tokens\" at 'generation_config'");
    assertThat(invalid(with(HELLO, "\"tools\":[{\"type\":\"function\",\"function\":{}}]")))
        .contains("Unknown name \"type\" at 'tools[0]'");
    assertThat(invalid(with(HELLO, "\"tools\":[{\"functionDeclarations\":[{\"parameters\":{}}]}]")))
        .contains("tools[0].function_declarations[0].name");
    assertThat(invalid("{\"contents\":")).startsWith("Invalid JSON payload received.");
    assertThat(server.requests()).hasSize(11);
  }

  @Test
  void authUsesGoogleKeyHeaderOrQueryParameter() {
    MockServer secured = MockTestSupport.start(vertx,
        MockOptions.defaults().withRequiredApiKey("AIza-test-1234"));
    try {
      String url = MockTestSupport.origin(secured) + "/v1beta/models/gemini-2.0-flash"
          + ":generateContent";
      error(post(url, HELLO), 403, "PERMISSION_DENIED");
      JsonNode wrong = error(post(url, HELLO, "x-goog-api-key", "AIza-wrong"), 400,
          "INVALID_ARGUMENT");
      assertThat(wrong.get("message").asText()).contains("API key not valid");
      assertThat(wrong.at("/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
      assertThat(post(url, HELLO, "x-goog-api-key", "AIza-test-1234").statusCode())
          .isEqualTo(200);
      assertThat(post(url + "?key=AIza-test-1234", HELLO).statusCode()).isEqualTo(200);
      error(get(MockTestSupport.origin(secured) + "/v1beta/models"), 403, "PERMISSION_DENIED");
    } finally {
      MockTestSupport.await(secured.close());
    }
  }

  @Test
  void injectedStatusesUseGoogleStatusNames() {
    HttpResponse<String> limited = generate(HELLO, "x-mock-status", "429", "x-mock-retry-after",
        "7");
    JsonNode error = error(limited, 429, "RESOURCE_EXHAUSTED");
    assertThat(error.at("/details/0/retryDelay").asText()).isEqualTo("7s");
    assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
    error(generate(HELLO, "x-mock-status", "503"), 503, "UNAVAILABLE");
    error(generate(HELLO, "x-mock-status", "500"), 500, "INTERNAL");
    error(generate(HELLO, "x-mock-status", "403"), 403, "PERMISSION_DENIED");
    error(generate(HELLO, "x-mock-status", "404"), 404, "NOT_FOUND");
    error(generate(HELLO, "x-mock-fail-rate", "1"), 500, "INTERNAL");
    error(stream(HELLO, "x-mock-status", "503"), 503, "UNAVAILABLE");
  }

  @Test
  void streamPiecesConcatenateToTheJsonAnswer() {
    HttpResponse<String> response = stream(HELLO, "x-mock-tokens", "4");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    List<JsonNode> events = MockTestSupport.sseData(response.body()).stream()
        .map(MockTestSupport::json).toList();
    assertThat(events).hasSize(4);
    StringBuilder text = new StringBuilder();
    for (JsonNode e : events) {
      assertThat(e.at("/candidates/0/content/role").asText()).isEqualTo("model");
      text.append(e.at("/candidates/0/content/parts/0/text").asText());
    }
    String jsonText = json(generate(HELLO, "x-mock-tokens", "4"))
        .at("/candidates/0/content/parts/0/text").asText();
    assertThat(text.toString()).isEqualTo(jsonText);
    JsonNode last = events.get(3);
    assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(last.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(4);
    assertThat(events.get(0).has("usageMetadata")).isFalse();
    assertThat(events.get(0).at("/candidates/0").has("finishReason")).isFalse();
  }

  @Test
  void streamedFunctionCallArrivesWhole() {
    List<String> data = MockTestSupport.sseData(stream(TOOLS, "x-mock-tokens", "6").body());

    assertThat(data).hasSize(1);
    JsonNode event = json(data.get(0));
    assertThat(event.at("/candidates/0/content/parts/0/functionCall/name").asText())
        .isEqualTo("get_weather");
    assertThat(event.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void streamWithoutAltSseIsOneJsonArray() {
    HttpResponse<String> response = post(base + "/gemini-2.0-flash:streamGenerateContent",
        HELLO, "x-mock-tokens", "3");

    JsonNode array = json(response);
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(3);
    assertThat(array.get(2).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void dropAfterChunksClosesTheConnectionMidStream() throws Exception {
    String raw = MockTestSupport.rawPostUntilClosed(server.port(),
        "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", HELLO,
        "x-mock-tokens", "6", "x-mock-drop-after", "2");

    assertThat(raw).contains("\"text\"").doesNotContain("finishReason");
  }

  @Test
  void listsModelsForHealthProbes() {
    HttpResponse<String> response = get(base);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode models = json(response).get("models");
    assertThat(models.findValuesAsText("name")).contains("models/gemini-2.0-flash");
    assertThat(models.get(0).get("supportedGenerationMethods").toString())
        .contains("generateContent");
    assertThat(json(get(base + "/gemini-2.5-pro")).get("name").asText())
        .isEqualTo("models/gemini-2.5-pro");
    error(get(base + "/gemini-2.0-flash:embedContent"), 404, "NOT_FOUND");
    error(post(base + ":generateContent", HELLO), 404, "NOT_FOUND");
    error(post(base + "x", HELLO), 404, "NOT_FOUND");
  }
}
