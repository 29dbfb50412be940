package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.HandFedChunkStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventWrites} against a real Vert.x server and client: the first frame goes out at once,
 * the rest of a burst at the end of the task, everything in order.
 */
class EventWritesTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theFirstFrameIsWrittenAtOnceAndABurstTogetherAtTheEndOfTheTask() throws Exception {
    List<Long> written = new ArrayList<>(); // bytes on the wire after: frame 1, frame 50, the task
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      var resp = req.response().setChunked(true);
      EventWrites writes = new EventWrites(resp, new HandFedChunkStream(), vertx.getOrCreateContext());
      writes.write(Buffer.buffer("data: 1\n\n"));
      written.add(resp.bytesWritten());
      for (int i = 2; i <= 50; i++) {
        writes.write(Buffer.buffer("data: " + i + "\n\n"));
      }
      written.add(resp.bytesWritten());
      vertx.runOnContext(v -> {
        written.add(resp.bytesWritten());
        writes.write(Buffer.buffer("data: 51\n\n")); // arrives on its own, in a later task
        writes.end(Buffer.buffer("data: [DONE]\n\n")); // with 51, in one write
      });
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
    HttpClient client = vertx.createHttpClient();
    String body = client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(r -> r.send().compose(resp -> resp.body()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();

    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 51; i++) {
      expected.append("data: ").append(i).append("\n\n");
    }
    assertThat(body).isEqualTo(expected + "data: [DONE]\n\n");
    long first = "data: 1\n\n".length();
    assertThat(written.get(0)).as("the first frame at once").isEqualTo(first);
    assertThat(written.get(1)).as("the burst held to the end of the task").isEqualTo(first);
    assertThat(written.get(2)).as("the burst written when the task ended")
        .isEqualTo(expected.length() - "data: 51\n\n".length());
  }
}
