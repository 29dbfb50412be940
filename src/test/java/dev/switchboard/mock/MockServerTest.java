package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.HELLO;
import static dev.switchboard.mock.MockTestSupport.error;
import static dev.switchboard.mock.MockTestSupport.get;
import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockServerTest extends RunningMockServer {

  static String v1;

  @BeforeAll
  static void urls() {
    v1 = server.baseUrl();
  }

  @Test
  void baseUrlPointsAtTheBoundPort() {
    assertThat(server.port()).isPositive();
    assertThat(v1).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
    assertThat(get(MockTestSupport.origin(server) + "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void chatCompletionHasTheOpenAiShape() {
    HttpResponse<String> response = post(v1 + "/chat/completions", HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
        id -> assertThat(id).startsWith("req_"));
    JsonNode body = json(response);
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("created").isIntegralNumber()).isTrue();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.get("service_tier").asText()).isEqualTo("default");
    assertThat(body.get("system_fingerprint").asText()).startsWith("fp_");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.get("logprobs").isNull()).isTrue();
    JsonNode message = choice.get("message");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("refusal").isNull()).isTrue();
    assertThat(message.get("annotations").isArray()).isTrue();
    String content = message.get("content").asText();
    assertThat(content).startsWith("This is a simulated response");
    assertThat(content.split(" ")).hasSize(16);
    JsonNode usage = body.get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(16);
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(2); // "Say hello" = 9 chars / 4
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(18);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").isInt()).isTrue();
  }

  @Test
  void nChoicesAndMaxTokensTruncation() {
    JsonNode body = json(post(v1 + "/chat/completions",
        "{\"model\":\"m\",\"n\":3,\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

    assertThat(body.get("choices")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode choice = body.get("choices").get(i);
      assertThat(choice.get("index").asInt()).isEqualTo(i);
      assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
      assertThat(choice.at("/message/content").asText()).isEqualTo("This is a simulated response");
    }
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(15);
  }

  @Test
  void jsonResponseFormatsAnswerValidJson() {
    JsonNode object = json(post(v1 + "/chat/completions",
        "{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"json please\"}]}"));
    assertThat(json(object.at("/choices/0/message/content").asText()).isObject()).isTrue();

    JsonNode schema = json(post(v1 + "/chat/completions",
        "{\"model\":\"m\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
            + "\"name\":\"person\",\"schema\":{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}}},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"who?\"}]}"));
    JsonNode person = json(schema.at("/choices/0/message/content").asText());
    assertThat(person.get("name").isTextual()).isTrue();
    assertThat(person.get("age").isInt()).isTrue();
  }

  @Test
  void toolsAnswerWithACallToTheChosenFunction() {
    String tools = "\"tools\":["
        + "{\"type\":\"function\",\"function\":{\"name\":\"first\",\"parameters\":{}}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{"
        + "\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
        + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
        + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}}]";
    JsonNode body = json(post(v1 + "/chat/completions",
        "{\"model\":\"m\"," + tools + ",\"tool_choice\":{\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\"}},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}"));

    JsonNode choice = body.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.at("/message/content").isNull()).isTrue();
    JsonNode call = choice.at("/message/tool_calls/0");
    assertThat(call.get("id").asText()).startsWith("call_");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    JsonNode args = json(call.at("/function/arguments").asText());
    assertThat(args.get("city").isTextual()).isTrue();
    assertThat(args.get("unit").asText()).isEqualTo("celsius");
    assertThat(args.get("days").isInt()).isTrue();

    JsonNode none = json(post(v1 + "/chat/completions",
        "{\"model\":\"m\"," + tools + ",\"tool_choice\":\"none\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}"));
    assertThat(none.at("/choices/0/message/content").isTextual()).isTrue();
  }

  @Test
  void leftToChooseItCallsAToolThenAnswersTheToolsResultInWords() {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}}]";
    JsonNode first = json(post(v1 + "/chat/completions", "{\"model\":\"m\"," + tools
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"read it\"}]}"));
    assertThat(first.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    String id = first.at("/choices/0/message/tool_calls/0/id").asText();
    String turn = "[{\"role\":\"user\",\"content\":\"read it\"},{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\","
        + "\"function\":{\"name\":\"read\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"file text\"}]";
    JsonNode second = json(post(v1 + "/chat/completions", "{\"model\":\"m\"," + tools
        + ",\"tool_choice\":\"auto\",\"messages\":" + turn + "}"));
    assertThat(second.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(second.at("/choices/0/message/content").asText()).isNotBlank();
    JsonNode required = json(post(v1 + "/chat/completions", "{\"model\":\"m\"," + tools
        + ",\"tool_choice\":\"required\",\"messages\":" + turn + "}"));
    assertThat(required.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void legacyCompletions() {
    JsonNode body = json(post(v1 + "/completions",
        "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":[\"a\",\"b\"],\"max_tokens\":3}"));

    assertThat(body.get("id").asText()).startsWith("cmpl-");
    assertThat(body.get("object").asText()).isEqualTo("text_completion");
    assertThat(body.get("choices")).hasSize(2);
    assertThat(body.at("/choices/1/index").asInt()).isEqualTo(1);
    assertThat(body.at("/choices/0/text").asText()).isEqualTo("This is a");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(6);
  }

  @Test
  void modelsListAndRetrieve() {
    JsonNode list = json(get(v1 + "/models"));
    assertThat(list.get("object").asText()).isEqualTo("list");
    assertThat(list.get("data").findValuesAsText("id"))
        .contains("gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "dall-e-3");
    assertThat(list.at("/data/0/object").asText()).isEqualTo("model");

    JsonNode model = json(get(v1 + "/models/gpt-4o"));
    assertThat(model.get("id").asText()).isEqualTo("gpt-4o");
    assertThat(model.get("owned_by").asText()).isNotBlank();

    JsonNode missing = error(get(v1 + "/models/no-such-model"), 404);
    assertThat(missing.get("code").asText()).isEqualTo("model_not_found");

    post(v1 + "/chat/completions", HELLO.replace("gpt-4o-mini", "my-custom-model"));
    assertThat(get(v1 + "/models/my-custom-model").statusCode()).isEqualTo(200);
  }

  @Test
  void validationErrorsLookLikeOpenAis() {
    String url = v1 + "/chat/completions";
    assertThat(error(post(url, "{not json"), 400).get("type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(error(post(url, "{\"messages\":[]}"), 400).get("message").asText())
        .isEqualTo("you must provide a model parameter");
    JsonNode missing = error(post(url, "{\"model\":\"m\"}"), 400);
    assertThat(missing.get("param").asText()).isEqualTo("messages");
    assertThat(missing.get("code").asText()).isEqualTo("missing_required_parameter");
    assertThat(error(post(url, "{\"model\":\"m\",\"messages\":[]}"), 400).get("code").asText())
        .isEqualTo("empty_array");
    assertThat(error(post(url, "{\"model\":\"m\",\"messages\":\"hi\"}"), 400).get("code").asText())
        .isEqualTo("invalid_type");
    assertThat(error(post(url, "{\"model\":\"m\",\"n\":0,\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"x\"}]}"), 400).get("code").asText())
        .isEqualTo("integer_below_min_value");
    assertThat(error(post(url, "{\"model\":\"m\",\"messages\":"
        + "[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400).get("param").asText())
        .isEqualTo("messages[0].role");
    assertThat(error(post(url, "{\"model\":7,\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"x\"}]}"), 400).get("message").asText())
        .isEqualTo("Invalid type for 'model': expected a string, but got an integer instead.");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    JsonNode unknown = error(post(v1 + "/nothing/here", "{}"), 404);
    assertThat(unknown.get("message").asText()).isEqualTo("Invalid URL (POST /v1/nothing/here)");
    assertThat(error(get(MockTestSupport.origin(server) + "/elsewhere"), 404)).isNotNull();

    HttpResponse<String> wrong = get(v1 + "/chat/completions");
    error(wrong, 405);
    assertThat(wrong.headers().firstValue("allow")).hasValue("POST");
  }

  @Test
  void azureDeploymentPaths() {
    String url = MockTestSupport.origin(server)
        + "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21";
    JsonNode body = json(post(url, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    assertThat(body.get("model").asText()).isEqualTo("my-gpt4o");

    HttpResponse<String> noVersion = post(MockTestSupport.origin(server)
        + "/openai/deployments/my-gpt4o/chat/completions", "{}");
    assertThat(noVersion.statusCode()).isEqualTo(404);
    assertThat(json(noVersion).at("/error/code").asText()).isEqualTo("404");
  }

  @Test
  void requestsAreRecordedNewestLastAndCanBeCleared() {
    post(v1 + "/chat/completions?trace=1", HELLO, "X-Custom", "abc");
    post(v1 + "/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}");

    assertThat(server.requests()).hasSize(2);
    RecordedRequest first = server.requests().get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v1/chat/completions");
    assertThat(first.query()).isEqualTo("trace=1");
    assertThat(first.headers()).containsEntry("x-custom", "abc");
    assertThat(first.body()).isEqualTo(HELLO);
    assertThat(server.requests().get(1).path()).isEqualTo("/v1/embeddings");

    JsonNode viaHttp = json(get(MockTestSupport.origin(server) + "/mock/requests"));
    assertThat(viaHttp).hasSize(2);
    assertThat(viaHttp.at("/0/headers/x-custom").asText()).isEqualTo("abc");
    assertThat(viaHttp.at("/1/body").asText()).contains("text-embedding-3-small");

    HttpResponse<String> cleared = MockTestSupport.send(MockTestSupport
        .request(MockTestSupport.origin(server) + "/mock/requests").DELETE().build());
    assertThat(cleared.statusCode()).isEqualTo(204);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theLogKeepsOnlyTheLast200() {
    for (int i = 0; i < 205; i++) {
      get(v1 + "/models?i=" + i);
    }
    assertThat(server.requests()).hasSize(200);
    assertThat(server.requests().get(0).query()).isEqualTo("i=5");
    assertThat(server.requests().get(199).query()).isEqualTo("i=204");
  }

  @Test
  void requiredApiKeyIsEnforcedLikeOpenAi() {
    MockServer secured = MockTestSupport.start(vertx,
        MockOptions.defaults().withRequiredApiKey("sk-test-secret-1234"));
    try {
      String url = secured.baseUrl() + "/chat/completions";
      JsonNode missing = error(post(url, HELLO), 401);
      assertThat(missing.get("message").asText()).startsWith("You didn't provide an API key");
      JsonNode wrong = error(post(url, HELLO, "Authorization", "Bearer sk-wrong-key-9876"), 401);
      assertThat(wrong.get("code").asText()).isEqualTo("invalid_api_key");
      assertThat(wrong.get("message").asText()).doesNotContain("sk-wrong-key-9876");
      assertThat(post(url, HELLO, "Authorization", "Bearer sk-test-secret-1234").statusCode())
          .isEqualTo(200);

      String azure = MockTestSupport.origin(secured)
          + "/openai/deployments/d/embeddings?api-version=2024-10-21";
      String body = "{\"input\":\"x\"}";
      assertThat(post(azure, body).statusCode()).isEqualTo(401);
      assertThat(post(azure, body, "api-key", "sk-test-secret-1234").statusCode()).isEqualTo(200);
      // The control plane stays open so tests can steer a secured simulator.
      assertThat(get(MockTestSupport.origin(secured) + "/mock/behavior").statusCode())
          .isEqualTo(200);
    } finally {
      MockTestSupport.await(secured.close());
    }
  }
}
