package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure a client can meet through a real gateway carries its documented category, an
 * action a person can follow, retry timing where waiting helps, and the provider's raw error kept
 * for debugging — for JSON answers and for a stream that fails midway.
 */
class ErrorCategoriesIT {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.start("", "upstream: {first_byte_timeout: 300ms}");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @AfterEach
  void healthyAgain() {
    h.mock.behavior(MockBehavior.defaults());
  }

  private static JsonNode error(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body()).get("error");
  }

  private static HttpResponse<String> chat(String model) throws Exception {
    return h.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void anUnknownModelPointsAtTheModelList() throws Exception {
    HttpResponse<String> r = chat("no-such-model");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode e = error(r);
    assertThat(e.get("code").asText()).isEqualTo("model_not_found");
    assertThat(e.get("category").asText()).isEqualTo("model_not_found");
    assertThat(e.get("action").asText()).contains("GET /v1/models");
    assertThat(e.has("retry_after")).isFalse();
  }

  @Test
  void aBrokenBodyIsAnInvalidRequestToFix() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\": ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("category").asText()).isEqualTo("invalid_request");
    assertThat(error(r).get("action").asText()).startsWith("Fix the request");
  }

  @Test
  void aProviderRateLimitSaysWhenToRetry() throws Exception {
    h.mock.behavior(new MockBehavior(0, 0, 0, 16, 429, 0, 30, false, -1));
    HttpResponse<String> r = chat("gpt-4o-mini");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).hasValue("30");
    JsonNode e = error(r);
    assertThat(e.get("category").asText()).isEqualTo("rate_limit");
    assertThat(e.get("retry_after").asInt()).isEqualTo(30);
    assertThat(e.at("/upstream/status").asInt()).isEqualTo(429);
  }

  @Test
  void rejectedProviderCredentialsAreTheOperatorsToFix() throws Exception {
    h.mock.behavior(new MockBehavior(0, 0, 0, 16, 401, 0, 1, false, -1));
    HttpResponse<String> r = chat("gpt-4o-mini");
    assertThat(r.statusCode()).isEqualTo(502);
    JsonNode e = error(r);
    assertThat(e.get("code").asText()).isEqualTo("upstream_authentication_error");
    assertThat(e.get("category").asText()).isEqualTo("provider_authentication");
    assertThat(e.get("action").asText()).contains("administrator");
    assertThat(e.get("message").asText()).contains("providers.sim.api_key");
    assertThat(e.at("/upstream/status").asInt()).isEqualTo(401);
  }

  @Test
  void aSlowProviderIsATimeout() throws Exception {
    h.mock.behavior(new MockBehavior(5000, 0, 0, 16, 200, 0, 1, false, -1));
    HttpResponse<String> r = chat("gpt-4o-mini");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(error(r).get("category").asText()).isEqualTo("timeout");
  }

  @Test
  void aStreamThatBreaksMidwayEndsWithACategorisedErrorEvent() throws Exception {
    h.mock.behavior(new MockBehavior(0, 0, 0, 16, 200, 0, 1, false, 3));
    HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    String last = r.body().lines().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b)
        .orElseThrow();
    JsonNode e = Json.MAPPER.readTree(last.substring(6)).get("error");
    assertThat(e.get("code").asText()).isEqualTo("upstream_error");
    assertThat(e.get("category").asText()).isEqualTo("provider_error");
    assertThat(e.get("action").asText()).isNotBlank();
  }
}
