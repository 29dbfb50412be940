package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input, unknown paths, limits and the master key: always a 4xx envelope, never a 5xx. */
class EdgeIT {
  static Harness h;
  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @BeforeAll
  static void start() {
    h = Harness.start("""
        master_key: sk-master
        max_body_bytes: 4kb
        client_idle_timeout: 1s
        """);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static JsonNode error(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    JsonNode e = Json.MAPPER.readTree(r.body()).get("error");
    assertThat(e.get("message").asText()).isNotBlank();
    assertThat(e.has("type")).isTrue();
    assertThat(e.has("param")).isTrue();
    return e;
  }

  private HttpResponse<String> authed(String path, String body) throws Exception {
    return h.post(path, body, "Content-Type", "application/json", "Authorization",
        "Bearer sk-master");
  }

  @Test
  void theMasterKeyIsRequiredAndChecked() throws Exception {
    HttpResponse<String> none = h.post("/v1/chat/completions", CHAT);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(error(none).get("code").asText()).isEqualTo("authentication_error");
    HttpResponse<String> models = h.get("/v1/models");
    assertThat(models.statusCode()).isEqualTo(401);
    assertThat(authed("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    assertThat(h.get("/health").statusCode()).as("health needs no key").isEqualTo(200);
  }

  @Test
  void theSdkWithTheWrongKeyGetsUnauthorizedAndTheRightKeyWorks() {
    OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey("sk-wrong")
        .maxRetries(0).build();
    OpenAIClient right = OpenAIOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey("sk-master")
        .maxRetries(0).build();
    var params = ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi")
        .build();
    assertThatThrownBy(() -> wrong.chat().completions().create(params))
        .isInstanceOf(UnauthorizedException.class).hasMessageContaining("Invalid API key");
    assertThat(right.chat().completions().create(params).choices()).isNotEmpty();
    wrong.close();
    right.close();
  }

  @Test
  void malformedJsonIs400WithTheLocation() throws Exception {
    HttpResponse<String> r = authed("/v1/chat/completions", "{\"model\": \"gpt-4o-mini\",");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("message").asText()).contains("not valid JSON").contains("line 1");
  }

  @Test
  void wrongTypesAndMissingFieldsAre400NamingTheParameter() throws Exception {
    HttpResponse<String> r = authed("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"messages\":\"hello\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("param").asText()).isEqualTo("messages");
    HttpResponse<String> e = authed("/v1/embeddings", "{\"model\":\"text-embedding-3-small\"}");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(error(e).get("param").asText()).isEqualTo("input");
    assertThat(h.mock.requests()).noneMatch(req -> req.body().contains("\"hello\""));
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(10_000) + "\"}]}";
    HttpResponse<String> r = authed("/v1/chat/completions", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(error(r).get("code").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    HttpResponse<String> r = h.get("/v1/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(error(r).get("message").asText()).contains("/v1/chat/completions");
    HttpResponse<String> m = h.get("/v1/chat/completions", "Authorization", "Bearer sk-master");
    assertThat(m.statusCode()).isEqualTo(405);
    assertThat(m.headers().firstValue("allow")).hasValue("POST");
    assertThat(error(m).get("code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void aBodyThatStopsArrivingGets408() throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.port())) {
      raw.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-master"
          + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":");
      String answer = raw.readUntil("}}");
      assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
    }
  }

  @Test
  void everyResponseCarriesTimingAndRequestIdHeaders() throws Exception {
    for (HttpResponse<String> r : new HttpResponse[] {h.get("/health"),
        h.get("/v1/unknown"), authed("/v1/chat/completions", CHAT)}) {
      assertThat(r.headers().firstValue("x-request-id")).isPresent();
      assertThat(r.headers().firstValue("x-response-time")).isPresent();
      assertThat(r.headers().firstValue("x-switchboard-overhead-ms")).isPresent();
    }
  }

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    authed("/v1/chat/completions", CHAT);
    HttpResponse<String> r = h.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("gateway_requests_seconds_count{route=\"chat\",status=\"200\"}")
        .contains("gateway_upstream_seconds_bucket")
        .contains("tokens_used_total{model=\"gpt-4o-mini\",provider=\"sim\",type=\"completion\"}");
  }
}
