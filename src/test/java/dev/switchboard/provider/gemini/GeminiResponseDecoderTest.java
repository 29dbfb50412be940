package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.bytes;
import static dev.switchboard.provider.gemini.GeminiFixtures.exchange;
import static dev.switchboard.provider.gemini.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class GeminiResponseDecoderTest {
  private final GeminiAdapter adapter = new GeminiAdapter(GeminiFixtures.CLOCK);

  private Reply.Complete decode(String body) {
    return adapter.decode(exchange("{\"model\":\"m\",\"messages\":[]}"), 200, Buffer.buffer(body));
  }

  private Reply.Complete decodeFixture(String name) {
    return adapter.decode(exchange("{\"model\":\"m\",\"messages\":[]}"), 200,
        Buffer.buffer(bytes(name)));
  }

  @Test
  void textThoughtsAndUsageMatchTheGoldenAnswer() {
    Reply.Complete r = decodeFixture("response-text.gemini.json");
    assertThat(json(r.body())).isEqualTo(json("response-text.openai.json"));
    // Emoji stay UTF-8 rather than escaped surrogate pairs.
    assertThat(r.body().toString()).contains("🙂");
    assertThat(r.finalUsage()).isEqualTo(new Usage(12, 33, 4, 24, true));
  }

  @Test
  void functionCallsBecomeToolCallsWithGeneratedIds() {
    Reply.Complete r = decodeFixture("response-function-call.gemini.json");
    assertThat(json(r.body())).isEqualTo(json("response-function-call.openai.json"));
    assertThat(r.finalUsage()).isEqualTo(new Usage(80, 21, 0, 0, true));
  }

  @Test
  void finishReasonsAreMapped() {
    assertThat(GeminiResponseDecoder.finishReason("STOP", false)).isEqualTo("stop");
    assertThat(GeminiResponseDecoder.finishReason("STOP", true)).isEqualTo("tool_calls");
    assertThat(GeminiResponseDecoder.finishReason("MAX_TOKENS", true)).isEqualTo("length");
    for (String r : new String[] {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT"}) {
      assertThat(GeminiResponseDecoder.finishReason(r, false)).isEqualTo("content_filter");
    }
    assertThat(GeminiResponseDecoder.finishReason("OTHER", false)).isEqualTo("stop");
    String body = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + "[{\"text\":\"a\"}]},\"finishReason\":\"MAX_TOKENS\",\"index\":0},"
        + "{\"finishReason\":\"SAFETY\",\"index\":1}]}";
    Reply.Complete r = decode(body);
    assertThat(json(r.body()).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(json(r.body()).at("/choices/1/finish_reason").asText()).isEqualTo("content_filter");
    assertThat(json(r.body()).at("/choices/1/message/content").asText()).isEmpty();
    assertThat(r.finalUsage()).isEqualTo(Usage.UNKNOWN);
  }

  @Test
  void aBlockedPromptIsAContentPolicyError() {
    assertThatThrownBy(() -> decodeFixture("response-blocked.gemini.json"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
          assertThat(e.getMessage()).contains("SAFETY");
        });
  }

  @Test
  void anAnswerWithoutCandidatesOrNotJsonIsAnUpstreamError() {
    for (String body : new String[] {"{}", "nope", "[]"}) {
      assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }
  }
}
