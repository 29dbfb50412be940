package dev.switchboard.provider.bedrock;

import static dev.switchboard.provider.AdapterFixtures.feedInPieces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.provider.AdapterFixtures;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BedrockStreamDecoderTest {
  private static final List<String> GOLDEN =
      AdapterFixtures.of("bedrock").lines("stream-tool.chunks.jsonl");

  private static BedrockStreamDecoder decoder(boolean clientWantsUsage) {
    return new BedrockStreamDecoder(clientWantsUsage, "chatcmpl-test", BedrockFixtures.MODEL,
        BedrockFixtures.CREATED);
  }

  @Test
  void textAndStreamedToolArgumentsMatchTheGoldenChunksHoweverTheBytesArrive() {
    byte[] frames = BedrockFixtures.stream("stream-tool.events.json");
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      int maxPiece = 1 + random.nextInt(seed % 2 == 0 ? 8 : 300);
      BedrockStreamDecoder d = decoder(true);
      assertThat(feedInPieces(d, frames, random, maxPiece)).as("seed %d", seed)
          .isEqualTo(GOLDEN);
      assertThat(d.done()).isTrue();
      assertThat(d.usage()).isEqualTo(new Usage(412, 58, 0, 0, true));
    }
  }

  @Test
  void withoutStreamUsageNoUsageChunkIsSentButUsageIsStillKnown() {
    BedrockStreamDecoder d = decoder(false);
    List<String> chunks = feedInPieces(d, BedrockFixtures.stream("stream-tool.events.json"),
        new Random(1), 1000);
    assertThat(chunks).hasSize(GOLDEN.size() - 1);
    assertThat(chunks).noneMatch(c -> c.contains("\"usage\""));
    assertThat(d.usage().completionTokens()).isEqualTo(58);
  }

  @Test
  void theMetadataEventsCacheReadsAndWritesAreKeptApartInThePromptCount() {
    var events = BedrockFixtures.json("stream-tool.events.json");
    var usage = (com.fasterxml.jackson.databind.node.ObjectNode) events.get(events.size() - 1)
        .path("payload").path("usage");
    usage.put("cacheReadInputTokens", 300).put("cacheWriteInputTokens", 1200);
    BedrockStreamDecoder d = decoder(true);
    List<String> chunks = new java.util.ArrayList<>();
    for (var e : events) {
      d.feed(Buffer.buffer(BedrockFixtures.event(e.path("event").asText(), e.path("payload"))),
          c -> chunks.add(c.toString()));
    }
    d.finish(c -> chunks.add(c.toString()));
    assertThat(d.usage()).isEqualTo(new Usage(1912, 58, 300, 1200, 0, true));
    assertThat(chunks.get(chunks.size() - 1)).contains("\"cache_creation_input_tokens\":1200");
  }

  @Test
  void anExceptionFrameIsARetryableRateLimitOrAnUpstreamError() {
    byte[] start = BedrockFixtures.event("messageStart",
        BedrockFixtures.json("stream-tool.events.json").get(0).get("payload"));
    BedrockStreamDecoder d = decoder(false);
    d.feed(Buffer.buffer(start), c -> { });
    assertThatThrownBy(() -> d.feed(Buffer.buffer(BedrockFixtures.exception(
        "throttlingException", "Too many tokens, please wait before trying again.")), c -> { }))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
          assertThat(e.getMessage()).contains("Too many tokens");
        });
    assertThatThrownBy(() -> decoder(false).feed(Buffer.buffer(BedrockFixtures.exception(
        "modelStreamErrorException", "boom")), c -> { }))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void aCorruptFrameOrAStreamWithoutMessageStopFails() {
    byte[] frames = BedrockFixtures.stream("stream-tool.events.json");
    frames[frames.length - 1] ^= 0x5a; // the last frame's message CRC
    assertThatThrownBy(() -> decoder(true).feed(Buffer.buffer(frames), c -> { }))
        .isInstanceOf(GatewayException.class).hasMessageContaining("malformed event-stream");
    byte[] start = BedrockFixtures.event("messageStart",
        BedrockFixtures.json("stream-tool.events.json").get(0).get("payload"));
    BedrockStreamDecoder cut = decoder(true);
    cut.feed(Buffer.buffer(start), c -> { });
    assertThatThrownBy(() -> cut.finish(c -> { })).isInstanceOf(GatewayException.class)
        .hasMessageContaining("messageStop");
  }
}
