package dev.switchboard.it;

import dev.switchboard.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.mock.MockBehavior;
import io.vertx.core.Future;
import java.net.ConnectException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A client hanging up mid-stream, and a graceful shutdown with a stream in flight. */
class StreamLifecycleIT {
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void aClientThatDisconnectsMidStreamCancelsTheUpstreamRequest() throws Exception {
    try (Harness h = Harness.start("")) {
      // 200 chunks, 20 ms apart: 4 s of stream if nobody hangs up.
      h.mock.behavior(new MockBehavior(0, 0, 20, 200, 200, 0, 1, false, -1));
      try (RawHttp raw = new RawHttp(h.gateway.port())) {
        raw.send(RawHttp.post("/v1/chat/completions", STREAM));
        assertThat(raw.readUntil("data: ")).startsWith("HTTP/1.1 200");
      }
      Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
        assertThat(h.gateway.metrics().scrape())
            .contains("gateway_requests_seconds_count{route=\"chat\",status=\"499\"} 1");
        assertThat(h.mock.abortedStreams()).isEqualTo(1);
      });
    }
  }

  @Test
  void anUpstreamThatDiesMidStreamEndsTheStreamWithAnErrorEventNotASilentTruncation()
      throws Exception {
    try (Harness h = Harness.start("")) {
      h.mock.behavior(new MockBehavior(0, 0, 0, 50, 200, 0, 1, false, 3));
      try (RawHttp raw = new RawHttp(h.gateway.port())) {
        raw.send(RawHttp.post("/v1/chat/completions", STREAM));
        String all = raw.readUntil("\r\n0\r\n\r\n");
        assertThat(all).startsWith("HTTP/1.1 200").contains("data: {\"error\":")
            .contains("upstream_error").doesNotContain("[DONE]");
      }
    }
  }

  @Test
  void anUpstreamThatNeverAnswersTimesOutWith504() throws Exception {
    try (Harness h = Harness.start("", "upstream:\n  first_byte_timeout: 300ms\n")) {
      h.mock.behavior(new MockBehavior(0, 0, 0, 16, 200, 0, 1, true, -1));
      var r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(r.body()).contains("upstream_timeout").contains("provider 'sim'");
    }
  }

  @Test
  void anUpstreamThatIsDownIs503() throws Exception {
    try (Harness h = Harness.start("")) {
      Await.await(h.mock.close());
      var r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("upstream_unavailable").contains("Could not connect");
    }
  }

  @Test
  void gracefulShutdownLetsAStreamInFlightFinish() throws Exception {
    try (Harness h = Harness.start("")) {
      // 25 chunks, 40 ms apart: the stream outlives the moment the shutdown begins.
      h.mock.behavior(new MockBehavior(0, 0, 40, 25, 200, 0, 1, false, -1));
      int port = h.gateway.port();
      try (RawHttp raw = new RawHttp(port)) {
        raw.send(RawHttp.post("/v1/chat/completions", STREAM));
        raw.readUntil("data: ");
        Future<Void> stopping = h.gateway.stop(10_000);
        Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
            assertThatThrownBy(() -> new RawHttp(port).close())
                .isInstanceOf(ConnectException.class));
        String all = raw.readUntil("data: [DONE]");
        assertThat(all).contains("data: [DONE]");
        assertThat(all.split("\"content\":\"[^\"]").length - 1).isEqualTo(25);
        Await.await(stopping);
      }
    }
  }
}
