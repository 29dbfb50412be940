package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private static List<String> parseInPieces(String stream, int pieceSize) {
    SseParser p = new SseParser();
    List<String> out = new ArrayList<>();
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += pieceSize) {
      int end = Math.min(bytes.length, i + pieceSize);
      byte[] piece = java.util.Arrays.copyOfRange(bytes, i, end);
      p.feed(Buffer.buffer(piece), e -> out.add((e.event() == null ? "" : e.event() + "|")
          + e.data().toString(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void splitsEventsWhateverTheNetworkCutsAre() {
    String stream = "data: {\"a\":\"é\"}\n\ndata: two\n\n: comment\n\nevent: ping\ndata: x\n\n";
    for (int size = 1; size <= stream.length(); size++) {
      assertThat(parseInPieces(stream, size)).as("piece size %d", size)
          .containsExactly("{\"a\":\"é\"}", "two", "ping|x");
    }
  }

  @Test
  void acceptsCrlfAndCrLineEndsAndJoinsMultiLineData() {
    assertThat(parseInPieces("data: a\r\ndata: b\r\n\r\ndata:c\r\rdata: d\n\n", 3))
        .containsExactly("a\nb", "c", "d");
  }
}
