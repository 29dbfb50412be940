package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.bytes;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.exchange;
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

class AnthropicStreamDecoderTest {
  private static final List<String> GOLDEN =
      AdapterFixtures.of("anthropic").lines("stream-text-tool.chunks.jsonl");
  private final AnthropicAdapter adapter = new AnthropicAdapter(AnthropicFixtures.CLOCK);

  private StreamDecoder decoder(boolean clientWantsUsage) {
    String opts = clientWantsUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
    return adapter.newStreamDecoder(exchange("{\"model\":\"m\",\"stream\":true" + opts
        + ",\"messages\":[]}"));
  }

  @Test
  void textThinkingAndToolCallMatchTheGoldenChunksHoweverTheBytesArrive() {
    byte[] sse = bytes("stream-text-tool.sse");
    List<String> expected = GOLDEN;
    for (int seed = 0; seed < 200; seed++) {
      StreamDecoder d = decoder(true);
      List<String> got = feedInPieces(d, sse, new Random(seed), seed % 2 == 0 ? 7 : 300);
      assertThat(got).as("seed %d", seed).isEqualTo(expected);
      assertThat(d.done()).isTrue();
      assertThat(d.usage()).isEqualTo(new Usage(772, 89, 300, 0, true));
    }
  }

  @Test
  void theUsageChunkIsOnlyForClientsWhoAskedForIt() {
    StreamDecoder d = decoder(false);
    List<String> got = feedInPieces(d, bytes("stream-text-tool.sse"), new Random(1), 50);
    List<String> expected = GOLDEN;
    assertThat(got).isEqualTo(expected.subList(0, expected.size() - 1));
    assertThat(d.usage().completionTokens()).isEqualTo(89);
  }

  @Test
  void anErrorEventFailsTheStream() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}\n\n";
    StreamDecoder d = decoder(false);
    List<String> got = new ArrayList<>();
    assertThatThrownBy(() -> d.feed(Buffer.buffer(sse), c -> got.add(c.toString())))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("Overloaded");
        });
    assertThat(got).hasSize(1);
    assertThat(d.done()).isFalse();
  }

  @Test
  void aStreamCutBeforeItsStopReasonIsIncomplete() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n";
    StreamDecoder d = decoder(false);
    d.feed(Buffer.buffer(sse), c -> { });
    assertThatThrownBy(() -> d.finish(c -> { }))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void aMissingMessageStopAfterTheStopReasonStillCompletes() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"max_tokens\"},\"usage\":{\"output_tokens\":9}}\n\n";
    StreamDecoder d = decoder(true);
    List<String> got = new ArrayList<>();
    d.feed(Buffer.buffer(sse), c -> got.add(c.toString()));
    d.finish(c -> got.add(c.toString()));
    assertThat(got).hasSize(3);
    assertThat(got.get(1)).contains("\"finish_reason\":\"length\"");
    assertThat(got.get(2)).contains("\"completion_tokens\":9");
    assertThat(d.usage()).isEqualTo(new Usage(5, 9, 0, 0, true));
  }

  @Test
  void cacheReadsAndWritesAreKeptApartInThePromptCount() {
    // message_start has the input counts; message_delta repeats them, cumulative, as the API
    // does since it streams server tool use.
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":12,"
        + "\"cache_creation_input_tokens\":1500,\"cache_read_input_tokens\":300,"
        + "\"output_tokens\":1}}}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\"},\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":1500,"
        + "\"cache_read_input_tokens\":300,\"output_tokens\":7}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    StreamDecoder d = decoder(true);
    List<String> got = new ArrayList<>();
    d.feed(Buffer.buffer(sse), c -> got.add(c.toString()));
    assertThat(d.usage()).isEqualTo(new Usage(1812, 7, 300, 1500, 0, true));
    assertThat(got.get(got.size() - 1)).contains("\"prompt_tokens\":1812")
        .contains("\"cached_tokens\":300").contains("\"cache_creation_input_tokens\":1500");
  }

  @Test
  void oneHourCacheWritesAreKeptApartFromTheOtherWrites() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":12,"
        + "\"cache_creation_input_tokens\":1500,\"cache_creation\":{\"ephemeral_5m_input_tokens\":"
        + "1100,\"ephemeral_1h_input_tokens\":400},\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":1}}}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\"},\"usage\":{\"output_tokens\":7}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    StreamDecoder d = decoder(true);
    d.feed(Buffer.buffer(sse), c -> { });
    assertThat(d.usage()).isEqualTo(new Usage(1512, 7, 0, 1500, 400, 0, true));
  }
}
