package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.HELLO;
import static dev.switchboard.mock.MockTestSupport.error;
import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Injected failures and the control plane that steers them. */
class MockFaultInjectionTest extends RunningMockServer {

  static String chatUrl;
  static String behaviorUrl;

  @BeforeAll
  static void urls() {
    chatUrl = server.baseUrl() + "/chat/completions";
    behaviorUrl = MockTestSupport.origin(server) + "/mock/behavior";
  }

  @Test
  void statusHeaderGivesA429WithRetryAfter() {
    HttpResponse<String> response =
        post(chatUrl, HELLO, "x-mock-status", "429", "x-mock-retry-after", "7");

    JsonNode err = error(response, 429);
    assertThat(err.get("type").asText()).isEqualTo("requests");
    assertThat(err.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(err.get("message").asText()).contains("gpt-4o-mini");
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
  }

  @Test
  void serverErrorStatuses() {
    for (int status : new int[] {500, 502, 503}) {
      JsonNode err = error(post(chatUrl, HELLO, "x-mock-status", "" + status), status);
      assertThat(err.get("type").asText()).isEqualTo("server_error");
    }
    assertThat(error(post(chatUrl, HELLO, "x-mock-status", "401"), 401).get("code").asText())
        .isEqualTo("invalid_api_key");
  }

  @Test
  void putBehaviorIsAPartialUpdate() {
    HttpResponse<String> put = MockTestSupport.send(MockTestSupport.request(behaviorUrl)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":429,\"retry_after_seconds\":3}"))
        .build());

    assertThat(put.statusCode()).isEqualTo(200);
    JsonNode updated = json(put);
    assertThat(updated.get("status").asInt()).isEqualTo(429);
    assertThat(updated.get("retry_after_seconds").asInt()).isEqualTo(3);
    assertThat(updated.get("tokens").asInt()).isEqualTo(16); // untouched
    assertThat(updated.get("drop_after_chunks").asInt()).isEqualTo(-1);
    assertThat(server.behavior().status()).isEqualTo(429);
    assertThat(json(MockTestSupport.get(behaviorUrl)).get("status").asInt()).isEqualTo(429);

    HttpResponse<String> limited = post(chatUrl, HELLO);
    error(limited, 429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
    // A header still wins over the default.
    assertThat(post(chatUrl, HELLO, "x-mock-status", "200").statusCode()).isEqualTo(200);
  }

  @Test
  void badBehaviourUpdatesAreRejectedAndChangeNothing() {
    for (String body : new String[] {"{\"stauts\":500}", "{\"fail_rate\":2}", "[1]", "{bad"}) {
      HttpResponse<String> put = MockTestSupport.send(MockTestSupport.request(behaviorUrl)
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
      assertThat(put.statusCode()).as(body).isEqualTo(400);
    }
    assertThat(server.behavior()).isEqualTo(MockBehavior.defaults());
    error(post(chatUrl, HELLO, "x-mock-status", "abc"), 400);
  }

  @Test
  void javaApiChangesTheDefault() {
    server.behavior(new MockBehavior(0, 0, 0, 2, 200, 0, 1, false, -1));
    assertThat(json(post(chatUrl, HELLO)).at("/choices/0/message/content").asText())
        .isEqualTo("This is");
  }

  @Test
  void failRateOneFailsEveryRequest() {
    for (int i = 0; i < 5; i++) {
      assertThat(error(post(chatUrl, HELLO, "x-mock-fail-rate", "1"), 500).get("type").asText())
          .isEqualTo("server_error");
    }
    assertThat(post(chatUrl, HELLO, "x-mock-fail-rate", "0").statusCode()).isEqualTo(200);
  }

  @Test
  void hangNeverAnswers() {
    HttpRequest request = MockTestSupport.request(chatUrl, "x-mock-hang", "true")
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build();

    assertThatThrownBy(() -> MockTestSupport.CLIENT.send(request,
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void latencyDelaysTheAnswer() {
    long start = System.nanoTime();
    HttpResponse<String> response = post(chatUrl, HELLO, "x-mock-latency-ms", "200");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void dropAfterOnAJsonRequestClosesWithoutAnswer() {
    HttpRequest request = MockTestSupport.request(chatUrl, "x-mock-drop-after", "0")
        .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build();

    assertThatThrownBy(() -> MockTestSupport.CLIENT.send(request,
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    // The connection pool recovers: the next request gets a fresh connection.
    assertThat(post(chatUrl, HELLO).statusCode()).isEqualTo(200);
  }
}
