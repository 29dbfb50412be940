package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.exchange;
import static dev.switchboard.provider.gemini.GeminiFixtures.json;
import static dev.switchboard.provider.gemini.GeminiFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiRequestEncoderTest {
  private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  private static final String GOOGLE = "https://generativelanguage.googleapis.com";
  private final GeminiAdapter adapter = new GeminiAdapter(GeminiFixtures.CLOCK);

  private JsonNode encode(String openAiJson) {
    return json(adapter.encode(exchange(openAiJson), target(GOOGLE)).body());
  }

  @Test
  void translatesTheGoldenConversation() {
    String in = new String(GeminiFixtures.bytes("request-tools.openai.json"));
    assertThat(encode(in)).isEqualTo(json("request-tools.gemini.json"));
  }

  @Test
  void callsGenerateContentWithTheGoogleKeyHeader() {
    UpstreamCall call = adapter.encode(exchange("{\"model\":\"m\"," + HI + "}"),
        target(GOOGLE));
    assertThat(call.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(call.stream()).isFalse();
    assertThat(call.headers().get("x-goog-api-key")).isEqualTo("AIza-test");
    assertThat(call.headers().get("x-goog-user-project")).isEqualTo("p1");
    assertThat(call.headers().get("authorization")).isNull();
    assertThat(call.headers().get("accept")).isEqualTo("application/json");
  }

  @Test
  void streamsThroughStreamGenerateContentAsSse() {
    Exchange ex = exchange("{\"model\":\"m\",\"stream\":true,\"stream_options\":"
        + "{\"include_usage\":true}," + HI + "}");
    UpstreamCall call = adapter.encode(ex, target(GOOGLE));
    assertThat(call.uri())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(call.stream()).isTrue();
    assertThat(call.headers().get("accept")).isEqualTo("text/event-stream");
    JsonNode body = json(call.body());
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("stream_options")).isFalse();
    assertThat(body.has("model")).isFalse();
    assertThat(adapter.encode(ex, target("http://127.0.0.1:9/gemini/v1beta/")).uri())
        .isEqualTo("/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    UpstreamTarget prefixed = UpstreamTarget.of("gem", "gemini", "https://x.test", "k", "",
        Map.of(), "models/gemini-2.0-flash");
    assertThat(adapter.encode(ex, prefixed).uri())
        .isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
  }

  @Test
  void aPlainConversationHasNoConfigOrInstruction() {
    JsonNode body = encode("{\"model\":\"m\"," + HI + "}");
    assertThat(body.toString()).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":"
        + "[{\"text\":\"hi\"}]}]}");
  }

  @Test
  void jsonModeAsksForJsonAndPassesTheSchema() {
    JsonNode c = encode("{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},"
        + "\"max_tokens\":50,\"stop\":\"END\",\"n\":2," + HI + "}").get("generationConfig");
    assertThat(c.get("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(c.get("maxOutputTokens").asInt()).isEqualTo(50);
    assertThat(c.get("stopSequences").toString()).isEqualTo("[\"END\"]");
    assertThat(c.get("candidateCount").asInt()).isEqualTo(2);
    JsonNode s = encode("{\"model\":\"m\",\"response_format\":{\"type\":\"json_schema\","
        + "\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"properties\":"
        + "{\"a\":{\"type\":\"integer\"}}}}}," + HI + "}").get("generationConfig");
    assertThat(s.get("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(s.get("responseJsonSchema").path("properties").path("a").path("type").asText())
        .isEqualTo("integer");
    assertThat(encode("{\"model\":\"m\",\"response_format\":{\"type\":\"text\"}," + HI + "}")
        .has("generationConfig")).isFalse();
  }

  @Test
  void toolChoiceModes() {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],";
    assertThat(encode("{\"model\":\"m\"," + tools + "\"tool_choice\":\"auto\"," + HI + "}")
        .path("toolConfig").toString())
        .isEqualTo("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}");
    assertThat(encode("{\"model\":\"m\"," + tools + "\"tool_choice\":\"required\"," + HI + "}")
        .at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("ANY");
    assertThat(encode("{\"model\":\"m\"," + tools + "\"tool_choice\":\"none\"," + HI + "}")
        .at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
    assertThat(encode("{\"model\":\"m\"," + tools + HI + "}").has("toolConfig")).isFalse();
    assertThatThrownBy(() -> encode("{\"model\":\"m\"," + tools + "\"tool_choice\":\"maybe\","
        + HI + "}")).isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void aToolAnswerForAnUnknownCallIsRefused() {
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"},{\"role\":\"tool\",\"tool_call_id\":\"call_9\","
        + "\"content\":\"x\"}]}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("call_9");
        });
  }

  @Test
  void laterCallsWithARepeatedIdNameTheLatestFunction() {
    String call = "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_0\","
        + "\"type\":\"function\","
        + "\"function\":{\"name\":\"%s\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\","
        + "\"tool_call_id\":\"call_0\",\"content\":\"ok\"}";
    JsonNode body = encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
        + String.format(call, "first") + "," + String.format(call, "second") + "]}");
    assertThat(body.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("first");
    assertThat(body.at("/contents/4/parts/0/functionResponse/name").asText()).isEqualTo("second");
  }

  @Test
  void remoteImagesAndOtherEndpointsAreRefused() {
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":"
        + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\"}}]}]}"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("base64 data URLs"));
    Exchange emb = new Exchange("r", Endpoint.EMBEDDINGS, MultiMap.caseInsensitiveMultiMap(),
        (com.fasterxml.jackson.databind.node.ObjectNode) json(Buffer.buffer("{\"input\":\"x\"}")),
        Buffer.buffer("{}"), 0L);
    assertThatThrownBy(() -> adapter.encode(emb, target(GOOGLE)))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void reasoningEffortBecomesAThinkingBudgetWithThoughtSummaries() {
    JsonNode high = encode("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(high.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isEqualTo(24576);
    assertThat(high.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean()).isTrue();
    JsonNode none = encode("{\"model\":\"m\",\"reasoning_effort\":\"none\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(none.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isZero();
    assertThat(none.at("/generationConfig/thinkingConfig").has("includeThoughts")).isFalse();
  }

  @Test
  void aToolCallsThoughtSignatureTravelsBothWays() throws Exception {
    byte[] answer = ("{\"candidates\":[{\"index\":0,\"finishReason\":\"STOP\",\"content\":"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}},"
        + "\"thoughtSignature\":\"c2ln\"}]}}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    JsonNode openAi = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(
        GeminiResponseDecoder.decode(answer, 0).body());
    JsonNode call = openAi.at("/choices/0/message/tool_calls/0");
    assertThat(call.at("/extra_content/google/thought_signature").asText()).isEqualTo("c2ln");

    JsonNode back = encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"hi\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"r\"}]}");
    assertThat(back.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("c2ln");
    assertThat(back.at("/contents/1/parts/0/functionCall/name").asText()).isEqualTo("f");
  }
}
