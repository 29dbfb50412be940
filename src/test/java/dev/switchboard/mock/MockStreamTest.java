package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static dev.switchboard.mock.MockTestSupport.sseData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockStreamTest extends RunningMockServer {

  static String chatUrl;

  static final String STREAM =
      "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String STREAM_WITH_USAGE = "{\"model\":\"gpt-4o\",\"stream\":true,"
      + "\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hello world!\"}]}";

  @BeforeAll
  static void urls() {
    chatUrl = server.baseUrl() + "/chat/completions";
  }

  @Test
  void streamFramingWithoutUsage() {
    HttpResponse<String> response = post(chatUrl, STREAM, "x-mock-tokens", "5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    List<String> data = sseData(response.body());
    assertThat(data).hasSize(1 + 5 + 1 + 1);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
        .map(MockTestSupport::json).toList();
    String id = chunks.get(0).get("id").asText();
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("id").asText()).isEqualTo(id);
      assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o");
      assertThat(chunk.has("usage")).isFalse();
      assertThat(chunk.get("choices")).hasSize(1);
    }
    JsonNode opening = chunks.get(0).at("/choices/0/delta");
    assertThat(opening.get("role").asText()).isEqualTo("assistant");
    assertThat(opening.get("content").asText()).isEmpty();
    assertThat(opening.get("refusal").isNull()).isTrue();
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks.subList(1, 6)) {
      assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
      text.append(chunk.at("/choices/0/delta/content").asText());
    }
    assertThat(text.toString()).isEqualTo("This is a simulated response");
    JsonNode closing = chunks.get(6).at("/choices/0");
    assertThat(closing.get("delta").isEmpty()).isTrue();
    assertThat(closing.get("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void includeUsageAddsNullUsageEverywhereAndAFinalUsageChunk() {
    List<String> data = sseData(post(chatUrl, STREAM_WITH_USAGE, "x-mock-tokens", "3").body());

    assertThat(data).hasSize(1 + 3 + 1 + 1 + 1);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
        .map(MockTestSupport::json).toList();
    for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.get("usage").isNull()).as(chunk.toString()).isTrue();
    }
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(6);
  }

  @Test
  void streamOptionsWithoutStreamIsRejected() {
    HttpResponse<String> response = post(chatUrl, STREAM_WITH_USAGE.replace("true,", "false,"));
    assertThat(MockTestSupport.error(response, 400).get("param").asText())
        .isEqualTo("stream_options");
  }

  @Test
  void toolCallFragmentsReassembleIntoValidJson() {
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"tools\":[{\"type\":\"function\","
        + "\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\",\"properties\":{"
        + "\"query\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\"},"
        + "\"filters\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"find\"}]}";
    List<String> data = sseData(post(chatUrl, body).body());

    List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
        .map(MockTestSupport::json).toList();
    JsonNode header = chunks.get(0).at("/choices/0/delta/tool_calls/0");
    assertThat(header.get("index").asInt()).isZero();
    assertThat(header.get("id").asText()).startsWith("call_");
    assertThat(header.get("type").asText()).isEqualTo("function");
    assertThat(header.at("/function/name").asText()).isEqualTo("lookup");
    assertThat(header.at("/function/arguments").asText()).isEmpty();
    StringBuilder args = new StringBuilder();
    int fragments = 0;
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
      JsonNode call = chunk.at("/choices/0/delta/tool_calls/0");
      assertThat(call.has("id")).isFalse();
      args.append(call.at("/function/arguments").asText());
      fragments++;
    }
    assertThat(fragments).isGreaterThan(1);
    JsonNode parsed = json(args.toString());
    assertThat(parsed.get("query").isTextual()).isTrue();
    assertThat(parsed.get("limit").isInt()).isTrue();
    assertThat(parsed.get("filters").isArray()).isTrue();
    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText())
        .isEqualTo("tool_calls");
  }

  @Test
  void nChoicesAreInterleavedWithTheirIndex() {
    List<String> data = sseData(post(chatUrl, STREAM.replace("\"stream\"", "\"n\":2,\"stream\""),
        "x-mock-tokens", "2").body());

    assertThat(data).hasSize(2 * (1 + 2 + 1) + 1);
    StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
    for (String d : data.subList(0, data.size() - 1)) {
      JsonNode choice = json(d).at("/choices/0");
      texts[choice.get("index").asInt()].append(choice.at("/delta/content").asText(""));
    }
    assertThat(texts[0].toString()).isEqualTo("This is").isEqualTo(texts[1].toString());
  }

  @Test
  void legacyCompletionStream() {
    String body = "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}";
    List<String> data = sseData(
        post(server.baseUrl() + "/completions", body, "x-mock-tokens", "4").body());

    assertThat(data).hasSize(4 + 1 + 1 + 1);
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, 5)) {
      JsonNode chunk = json(d);
      assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
      text.append(chunk.at("/choices/0/text").asText());
    }
    assertThat(text.toString()).isEqualTo("This is a simulated");
    assertThat(json(data.get(4)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(json(data.get(5)).get("choices")).isEmpty();
    assertThat(json(data.get(5)).at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(data.get(6)).isEqualTo("[DONE]");
  }

  @Test
  void dropAfterClosesTheConnectionMidStream() throws Exception {
    String received = MockTestSupport.rawPostUntilClosed(
        server.port(), "/v1/chat/completions", STREAM, "x-mock-drop-after", "3");

    assertThat(received).startsWith("HTTP/1.1 200");
    assertThat(received.split("data: ", -1)).hasSize(3 + 1);
    assertThat(received).doesNotContain("[DONE]");
    // The chunked body never got its terminating zero-length chunk: the cut is abrupt.
    assertThat(received).doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void aClientHangingUpMidStreamIsCounted() throws Exception {
    long before = server.abortedStreams();
    byte[] body = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
          + "x-mock-chunk-interval-ms: 50\r\nx-mock-tokens: 200\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(
              java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      assertThat(socket.getInputStream().read()).isPositive(); // the stream has started
    } // hanging up with ~10 s of stream still to come

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
        .pollInterval(java.time.Duration.ofMillis(10))
        .until(() -> server.abortedStreams() == before + 1);
  }

  @Test
  void largeStreamsArriveIntact() {
    int tokens = 3000;
    List<String> data = sseData(post(chatUrl, STREAM, "x-mock-tokens", "" + tokens).body());
    assertThat(data).hasSize(tokens + 3);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
  }

  @Test
  void ttftAndChunkIntervalPaceTheStream() throws Exception {
    HttpRequest request = MockTestSupport.request(chatUrl,
            "x-mock-ttft-ms", "150", "x-mock-chunk-interval-ms", "20", "x-mock-tokens", "5")
        .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build();
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response =
        MockTestSupport.CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
    List<Long> arrivals = new ArrayList<>();
    response.body().filter(l -> l.startsWith("data: ")).forEach(l -> arrivals.add(System.nanoTime()));

    assertThat(arrivals).hasSize(8);
    assertThat((arrivals.get(0) - start) / 1_000_000).isGreaterThanOrEqualTo(150);
    // Server timers never fire early: the last event leaves no sooner than ttft + 7 intervals.
    assertThat((arrivals.get(7) - start) / 1_000_000).isGreaterThanOrEqualTo(150 + 7 * 20);
  }
}
