package dev.switchboard.provider.bedrock;

import static dev.switchboard.provider.bedrock.BedrockFixtures.exchange;
import static dev.switchboard.provider.bedrock.BedrockFixtures.json;
import static dev.switchboard.provider.bedrock.BedrockFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.UpstreamCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockRequestEncoderTest {
  private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  private final BedrockAdapter adapter =
      new BedrockAdapter(Map.of("aws", BedrockFixtures.KEYS), BedrockFixtures.CLOCK);

  private JsonNode encode(String openAiJson) {
    return json(adapter.encode(exchange(openAiJson), target("aws", "")).body());
  }

  @Test
  void translatesTheGoldenConversation() {
    String in = new String(BedrockFixtures.bytes("request-tools.openai.json"));
    assertThat(encode(in)).isEqualTo(json("request-tools.converse.json"));
  }

  @Test
  void callsConverseAndConverseStreamWithTheModelIdAsOneEncodedSegment() {
    UpstreamCall call = adapter.encode(exchange("{\"model\":\"m\"," + HI + "}"),
        target("aws", ""));
    assertThat(call.uri())
        .isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    assertThat(call.stream()).isFalse();
    assertThat(call.headers().get("accept")).isEqualTo("application/json");
    UpstreamCall stream = adapter.encode(exchange("{\"model\":\"m\",\"stream\":true," + HI
        + "}"), target("aws", ""));
    assertThat(stream.uri()).endsWith("v1%3A0/converse-stream");
    assertThat(stream.stream()).isTrue();
    assertThat(stream.headers().get("accept")).isEqualTo("application/vnd.amazon.eventstream");
    JsonNode body = json(stream.body());
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("model")).isFalse();
  }

  @Test
  void toolChoicesMapToAutoAnyAndTool() {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],";
    assertThat(encode("{" + tools + "\"tool_choice\":\"auto\"," + HI + "}")
        .at("/toolConfig/toolChoice").has("auto")).isTrue();
    assertThat(encode("{" + tools + "\"tool_choice\":{\"type\":\"function\",\"function\":"
        + "{\"name\":\"f\"}}," + HI + "}").at("/toolConfig/toolChoice/tool/name").asText())
        .isEqualTo("f");
    assertThat(encode("{" + tools + "\"tool_choice\":\"none\"," + HI + "}").has("toolConfig"))
        .isFalse();
  }

  @Test
  void webImageUrlsAreRefusedWithAClear400() {
    assertThatThrownBy(() -> encode("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
        + "\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("base64 data URLs");
        });
  }

  @Test
  void aToolMessageWithoutItsCallAndSeveralChoicesAreRefused() {
    assertThatThrownBy(() -> encode("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"r\"}]}"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> encode("{\"n\":2," + HI + "}"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("n to 1");
  }

  @Test
  void signsWithSigV4OrSendsTheBedrockApiKeyAsBearer() {
    UpstreamCall signed = adapter.encode(exchange("{" + HI + "}"), target("aws", ""));
    assertThat(signed.headers().get("authorization"))
        .isEqualTo(signed.headers().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251009/us-east-1/bedrock/"
            + "aws4_request, SignedHeaders=")
        .contains("content-type").contains("host").contains("x-amz-date");
    assertThat(signed.headers().get("x-amz-date")).isEqualTo("20251009T085320Z");
    assertThat(signed.headers().get("x-amz-security-token")).isNull();

    BedrockAdapter temporary = new BedrockAdapter(Map.of("aws", new BedrockCredentials(
        "us-east-1", "ASIAEXAMPLE", "secret", "session-token")), BedrockFixtures.CLOCK);
    UpstreamCall withToken = temporary.encode(exchange("{" + HI + "}"), target("aws", ""));
    assertThat(withToken.headers().get("x-amz-security-token")).isEqualTo("session-token");

    BedrockAdapter apiKey = new BedrockAdapter(Map.of(), BedrockFixtures.CLOCK);
    UpstreamCall bearer = apiKey.encode(exchange("{" + HI + "}"), target("aws", "br-key"));
    assertThat(bearer.headers().get("authorization")).isEqualTo("Bearer br-key");
  }

  @Test
  void theSignatureCoversTheBody() {
    String a = adapter.encode(exchange("{" + HI + "}"), target("aws", ""))
        .headers().get("authorization");
    String b = adapter.encode(exchange("{\"messages\":[{\"role\":\"user\",\"content\":\"ho\"}]}"),
        target("aws", "")).headers().get("authorization");
    assertThat(a).isNotEqualTo(b);
    assertThat(adapter.encode(exchange("{" + HI + "}"), target("aws", ""))
        .headers().get("authorization")).isEqualTo(a);
  }
}
