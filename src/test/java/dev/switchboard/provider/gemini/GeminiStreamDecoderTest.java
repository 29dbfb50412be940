package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.bytes;
import static dev.switchboard.provider.gemini.GeminiFixtures.exchange;
import static dev.switchboard.provider.AdapterFixtures.feedInPieces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.provider.AdapterFixtures;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.StreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeminiStreamDecoderTest {
  private static final List<String> GOLDEN =
      AdapterFixtures.of("gemini").lines("stream-text-tool.chunks.jsonl");
  private final GeminiAdapter adapter = new GeminiAdapter(GeminiFixtures.CLOCK);

  private StreamDecoder decoder(boolean clientWantsUsage) {
    String opts = clientWantsUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
    return adapter.newStreamDecoder(exchange("{\"model\":\"m\",\"stream\":true" + opts
        + ",\"messages\":[]}"));
  }

  @Test
  void thoughtsTextAndFunctionCallsMatchTheGoldenChunksHoweverTheBytesArrive() {
    byte[] sse = bytes("stream-text-tool.sse");
    List<String> expected = GOLDEN;
    for (int seed = 0; seed < 200; seed++) {
      StreamDecoder d = decoder(true);
      assertThat(d.done()).isFalse();
      List<String> got = feedInPieces(d, sse, new Random(seed), seed % 2 == 0 ? 7 : 300);
      assertThat(got).as("seed %d", seed).isEqualTo(expected);
      assertThat(d.done()).isTrue();
      assertThat(d.usage()).isEqualTo(new Usage(30, 32, 8, 7, true));
    }
  }

  @Test
  void theUsageChunkIsOnlyForClientsWhoAskedForIt() {
    StreamDecoder d = decoder(false);
    List<String> got = feedInPieces(d, bytes("stream-text-tool.sse"), new Random(1), 50);
    List<String> expected = GOLDEN;
    assertThat(got).isEqualTo(expected.subList(0, expected.size() - 1));
    assertThat(d.usage().completionTokens()).isEqualTo(32);
  }

  @Test
  void aStreamCutBeforeItsFinishReasonIsIncomplete() {
    String sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":"
        + "\"model\"},\"index\":0}],\"responseId\":\"r\"}\n\n";
    StreamDecoder d = decoder(false);
    List<String> got = new ArrayList<>();
    d.feed(Buffer.buffer(sse), c -> got.add(c.toString()));
    assertThat(got).hasSize(2);
    assertThatThrownBy(() -> d.finish(c -> { }))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    assertThatThrownBy(() -> decoder(false).finish(c -> { }))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void anErrorEventFailsTheStream() {
    String sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":"
        + "\"model\"},\"index\":0}],\"responseId\":\"r\"}\n\n"
        + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":"
        + "\"UNAVAILABLE\"}}\n\n";
    StreamDecoder d = decoder(false);
    assertThatThrownBy(() -> d.feed(Buffer.buffer(sse), c -> { }))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("overloaded");
        });
  }

  @Test
  void aBlockedPromptFailsBeforeAnyChunk() {
    String sse = "data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
        + "\"usageMetadata\":{\"promptTokenCount\":4}}\n\n";
    List<String> got = new ArrayList<>();
    assertThatThrownBy(() -> decoder(true).feed(Buffer.buffer(sse), c -> got.add(c.toString())))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY));
    assertThat(got).isEmpty();
  }

  @Test
  void aMaxTokensFinishIsLength() {
    String sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":"
        + "\"model\"},\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":"
        + "{\"promptTokenCount\":5,\"candidatesTokenCount\":9}}\n\n";
    StreamDecoder d = decoder(true);
    List<String> got = new ArrayList<>();
    d.feed(Buffer.buffer(sse), c -> got.add(c.toString()));
    d.finish(c -> got.add(c.toString()));
    assertThat(got).hasSize(4);
    assertThat(got.get(2)).contains("\"finish_reason\":\"length\"");
    assertThat(got.get(3)).contains("\"completion_tokens\":9");
    assertThat(d.usage()).isEqualTo(new Usage(5, 9, 0, 0, true));
  }
}
