package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * The simulator's Bedrock Converse API over plain HTTP, each request signed with the AWS SDK's
 * SigV4 signer as an AWS client would: answers, event-stream frames, Bedrock's validation and
 * errors, the signature check and the behaviour controls.
 */
class MockBedrockTest extends RunningMockServer {
  static final String PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/";
  static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
      + "\"Say hello\"}]}],\"inferenceConfig\":{\"maxTokens\":100}}";
  static final String TOOLS = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
      + "\"Weather in Paris?\"}]}],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":"
      + "\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":"
      + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}]}}";

  static HttpResponse<byte[]> call(String operation, String body, String secret, Clock clock,
      String... extraHeaders) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder req = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .protocol("http").host("127.0.0.1").port(server.port()).encodedPath(PATH + operation)
        .putHeader("Content-Type", "application/json");
    for (int i = 0; i < extraHeaders.length; i += 2) {
      req.putHeader(extraHeaders[i], extraHeaders[i + 1]);
    }
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(BedrockAuth.ACCESS_KEY_ID, secret))
        .request(req.build())
        .payload(ContentStreamProvider.fromByteArray(bytes))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2")
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(
        MockTestSupport.origin(server) + PATH + operation)).timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host")) { // the JDK client sets Host itself, to the same value
        values.forEach(v -> http.header(name, v));
      }
    });
    try {
      return MockTestSupport.CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<byte[]> call(String operation, String body, String... extraHeaders) {
    return call(operation, body, BedrockAuth.SECRET_ACCESS_KEY, Clock.systemUTC(),
        extraHeaders);
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    return MockTestSupport.json(new String(r.body(), StandardCharsets.UTF_8));
  }

  /** Asserts a Bedrock error answer and returns its message. */
  static String error(HttpResponse<byte[]> r, int status, String type) {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
    assertThat(r.headers().firstValue("x-amzn-ErrorType").orElse("")).startsWith(type + ":");
    return json(r).get("message").asText();
  }

  static List<Message> frames(byte[] body) {
    List<Message> out = new ArrayList<>();
    new MessageDecoder(out::add).feed(body);
    return out;
  }

  static String eventType(Message m) {
    return m.getHeaders().get(":event-type").getString();
  }

  @Test
  void converseAnswersWithTheConverseResponseShape() {
    HttpResponse<byte[]> r = call("converse", HELLO);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/output/message/content/0/text").asText()).isNotBlank();
    assertThat(body.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(body.at("/usage/outputTokens").asInt()).isEqualTo(16);
    assertThat(body.at("/usage/totalTokens").asInt())
        .isEqualTo(body.at("/usage/inputTokens").asInt() + 16);
    assertThat(body.at("/metrics/latencyMs").asInt()).isPositive();
    RecordedRequest recorded = server.requests().get(server.requests().size() - 1);
    assertThat(recorded.path()).isEqualTo(PATH + "converse");
  }

  @Test
  void converseStreamSendsEventStreamFramesInOrder() throws Exception {
    HttpResponse<byte[]> r = call("converse-stream", TOOLS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValue("application/vnd.amazon.eventstream");
    List<Message> frames = frames(r.body());
    assertThat(frames).extracting(MockBedrockTest::eventType).startsWith("messageStart",
        "contentBlockStart", "contentBlockDelta").endsWith("contentBlockStop", "messageStop",
        "metadata");
    StringBuilder input = new StringBuilder();
    for (Message m : frames) {
      JsonNode payload = MockTestSupport.json(new String(m.getPayload(), StandardCharsets.UTF_8));
      if (eventType(m).equals("contentBlockStart")) {
        assertThat(payload.at("/start/toolUse/name").asText()).isEqualTo("get_weather");
        assertThat(payload.at("/start/toolUse/toolUseId").asText()).startsWith("tooluse_");
      } else if (eventType(m).equals("contentBlockDelta")) {
        input.append(payload.at("/delta/toolUse/input").asText());
      } else if (eventType(m).equals("messageStop")) {
        assertThat(payload.get("stopReason").asText()).isEqualTo("tool_use");
      }
    }
    assertThat(MockTestSupport.json(input.toString()).has("city")).isTrue();
  }

  @Test
  void requestsWithoutAValidSignatureAreRejected() {
    HttpResponse<String> unsigned = MockTestSupport.post(MockTestSupport.origin(server) + PATH
        + "converse", HELLO);
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.headers().firstValue("x-amzn-ErrorType").orElse(""))
        .startsWith("MissingAuthenticationTokenException");
    assertThat(error(call("converse", HELLO, "wrong-secret", Clock.systemUTC()), 403,
        "InvalidSignatureException")).contains("signature we calculated does not match");
    Clock old = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    assertThat(error(call("converse", HELLO, BedrockAuth.SECRET_ACCESS_KEY, old), 403,
        "InvalidSignatureException")).contains("Signature expired");
  }

  @Test
  void conversationsAreValidatedLikeBedrock() {
    assertThat(error(call("converse", "{\"messages\":[{\"role\":\"assistant\",\"content\":"
        + "[{\"text\":\"hi\"}]}]}"), 400, "ValidationException"))
        .contains("must start with a user message");
    assertThat(error(call("converse", "{\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"text\":\"a\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"b\"}]}]}"), 400,
        "ValidationException")).contains("must alternate between user and assistant");
    assertThat(error(call("converse", "{\"messages\":[{\"role\":\"user\",\"content\":[]}]}"),
        400, "ValidationException")).contains("is empty");
    assertThat(error(call("converse", "{\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"text\":\" \"}]}]}"), 400, "ValidationException")).contains("is blank");
    String orphan = TOOLS.replace("[{\"text\":\"Weather in Paris?\"}]}]",
        "[{\"text\":\"Weather?\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"ok\"}]},"
            + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_x\","
            + "\"content\":[{\"text\":\"9\"}]}}]}]");
    assertThat(error(call("converse", orphan), 400, "ValidationException"))
        .contains("toolUseId 'tooluse_x'");
    assertThat(error(call("converse", HELLO.replace("\"inferenceConfig\"", "\"stream\":true,"
        + "\"inferenceConfig\"")), 400, "ValidationException")).contains("extraneous key [stream]");
  }

  @Test
  void aToolResultForTheLastTurnsToolUseGetsATextAnswer() {
    String body = TOOLS.replace("[{\"text\":\"Weather in Paris?\"}]}]",
        "[{\"text\":\"Weather?\"}]},{\"role\":\"assistant\",\"content\":[{\"toolUse\":"
            + "{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}}]},"
            + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_1\","
            + "\"content\":[{\"text\":\"9 degrees\"}]}}]}]");
    HttpResponse<byte[]> r = call("converse", body);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(json(r).get("stopReason").asText()).isEqualTo("end_turn");
  }

  @Test
  void toolChoiceAnyCallsEveryToolEachInItsOwnBlock() {
    String both = TOOLS.replace("}}}}]}}", "}}}},{\"toolSpec\":{\"name\":\"get_time\","
        + "\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"zone\":"
        + "{\"type\":\"string\"}},\"required\":[\"zone\"]}}}}],\"toolChoice\":{\"any\":{}}}}");
    JsonNode answer = json(call("converse", both));
    assertThat(answer.at("/output/message/content")).extracting(b -> b.at("/toolUse/name")
        .asText()).containsExactly("get_weather", "get_time");
    assertThat(answer.at("/output/message/content/1/toolUse/input/zone").isTextual()).isTrue();
    assertThat(answer.get("stopReason").asText()).isEqualTo("tool_use");

    List<Message> frames = frames(call("converse-stream", both).body());
    Map<Integer, String> names = new TreeMap<>();
    Map<Integer, StringBuilder> inputs = new TreeMap<>();
    List<String> order = new ArrayList<>();
    for (Message m : frames) {
      JsonNode p = MockTestSupport.json(new String(m.getPayload(), StandardCharsets.UTF_8));
      int index = p.path("contentBlockIndex").asInt(-1);
      switch (eventType(m)) {
        case "contentBlockStart" -> names.put(index, p.at("/start/toolUse/name").asText());
        case "contentBlockDelta" -> inputs.computeIfAbsent(index, i -> new StringBuilder())
            .append(p.at("/delta/toolUse/input").asText());
        default -> { }
      }
      order.add(eventType(m) + (index < 0 ? "" : index));
    }
    assertThat(names).containsExactly(Map.entry(0, "get_weather"), Map.entry(1, "get_time"));
    assertThat(MockTestSupport.json(inputs.get(0).toString()).has("city")).isTrue();
    assertThat(MockTestSupport.json(inputs.get(1).toString()).has("zone")).isTrue();
    // Blocks follow one another: the first is stopped before the second starts.
    assertThat(order.indexOf("contentBlockStop0")).isLessThan(order.indexOf("contentBlockStart1"));
  }

  @Test
  void claudeThinksWhenAskedAndChecksTheReasoningSentBack() {
    String think = TOOLS.replace("\"toolConfig\"", "\"inferenceConfig\":{\"maxTokens\":3000},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\","
        + "\"budget_tokens\":1024}},\"toolConfig\"");
    JsonNode content = json(call("converse", think)).at("/output/message/content");
    JsonNode reasoning = content.at("/0/reasoningContent/reasoningText");
    assertThat(reasoning.path("text").asText()).isNotBlank();
    assertThat(reasoning.path("signature").asText()).isNotBlank();
    assertThat(content.at("/1/toolUse/name").asText()).isEqualTo("get_weather");
    List<String> types = frames(call("converse-stream", think).body()).stream()
        .map(MockBedrockTest::eventType).toList();
    assertThat(types).containsSubsequence("messageStart", "contentBlockDelta",
        "contentBlockStop", "contentBlockStart", "contentBlockDelta", "contentBlockStop");

    assertThat(error(call("converse", think.replace("1024", "500")), 400,
        "ValidationException")).contains("greater than or equal to 1024");
    assertThat(error(call("converse", think.replace("3000", "1024")), 400,
        "ValidationException")).contains("`max_tokens` must be greater");
    String loop = think.replace("[{\"text\":\"Weather in Paris?\"}]}]",
        "[{\"text\":\"Weather?\"}]},{\"role\":\"assistant\",\"content\":[REASONING{\"toolUse\":"
            + "{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\",\"input\":{}}}]},"
            + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_1\","
            + "\"content\":[{\"text\":\"9 degrees\"}]}}]}]");
    String signed = "{\"reasoningContent\":{\"reasoningText\":{\"text\":"
        + reasoning.path("text") + ",\"signature\":" + reasoning.path("signature") + "}}},";
    assertThat(call("converse", loop.replace("REASONING", signed)).statusCode()).isEqualTo(200);
    assertThat(error(call("converse", loop.replace("REASONING", "")), 400,
        "ValidationException")).contains("must start with a thinking block");
    assertThat(error(call("converse", loop.replace("REASONING", signed.replace("\"signature\":\"",
        "\"signature\":\"forged"))), 400, "ValidationException")).contains("Invalid `signature`");
  }

  @Test
  void behaviourControlsUseBedrocksErrorsAndExceptionFrames() {
    assertThat(call("converse", HELLO, "x-mock-status", "429").headers()
        .firstValue("x-amzn-ErrorType").orElse("")).startsWith("ThrottlingException:");
    HttpResponse<byte[]> midStream = call("converse-stream", HELLO, "x-mock-status", "429",
        "x-mock-drop-after", "3");
    assertThat(midStream.statusCode()).isEqualTo(200);
    List<Message> frames = frames(midStream.body());
    assertThat(frames).hasSize(4);
    Message last = frames.get(3);
    assertThat(last.getHeaders().get(":message-type").getString()).isEqualTo("exception");
    assertThat(last.getHeaders().get(":exception-type").getString())
        .isEqualTo("throttlingException");
    assertThat(call("converse", HELLO, "x-mock-tokens", "3").statusCode()).isEqualTo(200);
    assertThat(json(call("converse", HELLO, "x-mock-tokens", "3")).at("/usage/outputTokens")
        .asInt()).isEqualTo(3);
  }
}
