package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing operator API through a real gateway: breakers, health views, the cached catalog
 * views, run-time deployments and health marks, the master key, and the metrics they feed.
 */
class OpsEndpointsIT {
  private static final String KEY = "sk-master-ops";
  private static Sims s;
  private static Gateway g;

  @BeforeAll
  static void start() {
    s = Sims.start(2);
    g = s.gateway(s.providers() + """
        models:
          gpt-4o:
            aliases: [smart]
            strategy: round_robin
            deployments: [{provider: sim-a, model: gpt-4o}]
          solo: {provider: sim-b, model: gpt-4o-mini, pricing: {input: 1, output: 2}}
          drained: {provider: sim-b, model: drained-model}
        """.replace("models:", "routing: {health: {probes: false}}\nmodels:"), "", KEY);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static HttpResponse<String> call(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
        + path)).header("Authorization", "Bearer " + KEY).header("Content-Type",
        "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String method, String path) throws Exception {
    HttpResponse<String> r = call(method, path, null);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private static HttpResponse<String> chat(String model) throws Exception {
    return call("POST", "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void operatorEndpointsNeedTheMasterKey() throws Exception {
    assertThat(s.get(g, "/circuit-breakers").statusCode()).isEqualTo(401);
    assertThat(s.get(g, "/admin/dashboard").statusCode()).isEqualTo(401);
  }

  @Test
  void theRichCatalogShowsPricesAliasesAndContextAndIsCached() throws Exception {
    JsonNode models = json("GET", "/models");
    JsonNode gpt4o = find(models, "id", "gpt-4o");
    assertThat(gpt4o.path("aliases").get(0).asText()).isEqualTo("smart");
    assertThat(gpt4o.path("context_window").asInt()).isEqualTo(128_000);
    assertThat(gpt4o.at("/pricing/input").asDouble()).isPositive();
    assertThat(find(models, "id", "solo").at("/pricing/output").asDouble()).isEqualTo(2.0);
    assertThat(find(models, "id", "solo").at("/pricing/cache_write_input").asDouble())
        .as("defaults to input").isEqualTo(1.0);
    assertThat(find(models, "id", "drained").path("pricing").isNull()).isTrue();
    json("GET", "/models");
    String metrics = s.get(g, "/metrics").body();
    assertThat(metrics).containsPattern("catalog_cache_hits_total(\\{[^}]*\\})? [1-9]");
    assertThat(metrics).contains("catalog_cache_size_bytes");
    JsonNode gateways = json("GET", "/gateways");
    assertThat(find(gateways, "name", "sim-a").path("status").asText()).isEqualTo("up");
    assertThat(json("GET", "/v1/models").toString()).contains("\"smart\"");
  }

  @Test
  void aForcedOpenBreakerAnswers503AtOnceUntilReset() throws Exception {
    JsonNode forced = json("POST", "/circuit-breakers/sim-b%2Fdrained-model/force-open");
    assertThat(forced.path("state").asText()).isEqualTo("forced_open");
    HttpResponse<String> r = chat("drained");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText())
        .isEqualTo("circuit_open");
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/category").asText())
        .isEqualTo("circuit_open");
    assertThat(Json.MAPPER.readTree(r.body()).at("/error").has("retry_after"))
        .as("forced open by an operator: no reopening time is known").isFalse();
    assertThat(find(json("GET", "/gateways"), "name", "sim-b").path("open_breakers").asInt())
        .as("the cached view was invalidated").isEqualTo(1);
    json("POST", "/circuit-breakers/sim-b%2Fdrained-model/reset");
    assertThat(chat("drained").statusCode()).isEqualTo(200);
    assertThat(json("GET", "/circuit-breakers").path("data").size()).isGreaterThanOrEqualTo(3);
    assertThat(call("GET", "/circuit-breakers/nope", null).statusCode()).isEqualTo(404);
    assertThat(s.get(g, "/metrics").body())
        .contains("circuit_breaker_state_transitions_total")
        .contains("circuit_breaker_current_state")
        .contains("circuit_breaker_rejected_requests_total");
  }

  @Test
  void aDeploymentMarkedUnhealthyLeavesRotationAndAnAddedOneJoinsIt() throws Exception {
    json("POST", "/admin/deployments/sim-b%2Fgpt-4o-mini/unhealthy");
    HttpResponse<String> r = chat("solo");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("No healthy deployment");
    json("POST", "/admin/deployments/sim-b%2Fgpt-4o-mini/healthy");
    assertThat(chat("solo").statusCode()).isEqualTo(200);

    HttpResponse<String> added = call("POST", "/admin/models/gpt-4o/deployments",
        "{\"provider\":\"sim-b\",\"model\":\"gpt-4o\",\"weight\":1}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(Sims.served(chat("smart"))).isNotEqualTo(Sims.served(chat("smart")));
    JsonNode lb = find(json("GET", "/admin/load-balancer"), "model", "gpt-4o");
    assertThat(lb.path("deployments").size()).isEqualTo(2);
    assertThat(lb.at("/deployments/0/traffic/requests").asLong()).isPositive();
    assertThat(call("POST", "/admin/models/gpt-4o/deployments", "{\"provider\":\"x\"}")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void healthViewsAndTheDashboardDescribeEveryPart() throws Exception {
    chat("solo");
    JsonNode providers = json("GET", "/health/providers");
    assertThat(find(providers, "provider", "sim-b").path("score").asDouble())
        .isBetween(0.0, 1.0);
    JsonNode models = json("GET", "/health/models");
    assertThat(find(models, "model", "solo").path("available").asBoolean()).isTrue();
    assertThat(json("GET", "/health/system").path("status").asText()).isEqualTo("ok");
    JsonNode dash = json("GET", "/admin/dashboard");
    assertThat(dash.has("providers") && dash.has("models") && dash.has("circuit_breakers")
        && dash.has("load_balancer")).isTrue();
    assertThat(s.get(g, "/metrics").body()).contains("switchboard_provider_health_score")
        .contains("provider_availability").contains("provider_error_rate")
        .contains("provider_response_time_seconds_bucket").contains("gateway_cost_usd_total");
  }

  private static JsonNode find(JsonNode list, String field, String value) {
    for (JsonNode n : list.path("data")) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + list);
  }
}
