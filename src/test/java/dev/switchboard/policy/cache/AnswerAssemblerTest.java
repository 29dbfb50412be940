package dev.switchboard.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams assembled into a chat.completion, and stored answers replayed as chunks and back. */
class AnswerAssemblerTest {
  private static final String HEAD =
      "{\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\","
          + "\"system_fingerprint\":\"fp\",\"choices\":[";

  private static Buffer chunk(String choices) {
    return Buffer.buffer(HEAD + choices + "]}");
  }

  @Test
  void toolCallsAndSeveralChoicesAreJoinedFromTheirFragments() throws Exception {
    AnswerAssembler a = new AnswerAssembler(1 << 20);
    a.add(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
        + "[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get\","
        + "\"arguments\":\"\"}}]},\"finish_reason\":null}"));
    a.add(chunk("{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"B\"},"
        + "\"finish_reason\":null}"));
    a.add(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}"));
    a.add(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}"));
    a.add(chunk("{\"index\":1,\"delta\":{\"content\":\"ye\"},\"finish_reason\":\"stop\"}"));
    byte[] json = a.result(new Usage(5, 6, 0, 0, true));

    JsonNode done = Json.MAPPER.readTree(json);
    assertThat(done.path("id").asText()).isEqualTo("c9");
    assertThat(done.path("system_fingerprint").asText()).isEqualTo("fp");
    JsonNode call = done.at("/choices/0/message/tool_calls/0");
    assertThat(call.path("id").asText()).isEqualTo("call_1");
    assertThat(call.at("/function/name").asText()).isEqualTo("get");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(done.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(done.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(done.at("/choices/1/message/content").asText()).isEqualTo("Bye");
    assertThat(done.at("/usage/total_tokens").asInt()).isEqualTo(11);

    // replayed as chunks and assembled again, the answer is the same
    List<Buffer> replayed = AnswerReplay.chunks(json, true);
    AnswerAssembler again = new AnswerAssembler(1 << 20);
    replayed.forEach(again::add);
    assertThat(Json.MAPPER.readTree(again.result(Usage.UNKNOWN))).isEqualTo(done);
  }

  @Test
  void anUnfinishedOrOversizedStreamYieldsNothing() {
    AnswerAssembler cut = new AnswerAssembler(1 << 20);
    cut.add(chunk("{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}"));
    assertThat(cut.result(Usage.UNKNOWN)).isNull();

    AnswerAssembler big = new AnswerAssembler(200);
    big.add(chunk("{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(300) + "\"},"
        + "\"finish_reason\":null}"));
    big.add(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));
    assertThat(big.result(Usage.UNKNOWN)).isNull();

    AnswerAssembler garbage = new AnswerAssembler(1 << 20);
    garbage.add(Buffer.buffer("not json"));
    assertThat(garbage.result(Usage.UNKNOWN)).isNull();
  }

  @Test
  void theStoredFormRoundTrips() {
    CachedAnswer a = new CachedAnswer("{\"a\":1}".getBytes(), 123_456L);
    CachedAnswer back = CachedAnswer.decode(a.encode());
    assertThat(back.storedAtMillis()).isEqualTo(123_456L);
    assertThat(new String(back.json())).isEqualTo("{\"a\":1}");
    assertThat(CachedAnswer.decode("plain".getBytes())).isNull();
    assertThat(a.ageMillis(100L)).as("clock skew is never a negative age").isZero();
  }
}
