package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TransformedChunkStreamTest {

  /** Holds every chunk back until the end, then releases them joined, upper-cased. */
  private static final class HoldBack implements ChunkTransformer {
    final StringBuilder held = new StringBuilder();

    @Override
    public void chunk(Buffer chunk, Consumer<Buffer> out) {
      if (chunk.toString().equals("boom")) {
        throw GatewayException.of(ErrorKind.CONTENT_POLICY, "blocked");
      }
      if (chunk.toString().equals("x")) {
        out.accept(Buffer.buffer("x1"));
        out.accept(Buffer.buffer("x2"));
        return;
      }
      held.append(chunk);
    }

    @Override
    public void end(Consumer<Buffer> out) {
      out.accept(Buffer.buffer(held.toString().toUpperCase()));
    }
  }

  @Test
  void chunksMayMultiplyOrBeHeldUntilTheEnd() {
    HandFedChunkStream source = new HandFedChunkStream();
    List<String> seen = new ArrayList<>();
    boolean[] ended = {false};
    ChunkStream s = new TransformedChunkStream(source, new HoldBack());
    s.endHandler(v -> ended[0] = true).handler(b -> seen.add(b.toString()));
    source.emit("a");
    source.emit("x");
    source.emit("b");
    assertThat(seen).containsExactly("x1", "x2");
    source.finish();
    assertThat(seen).containsExactly("x1", "x2", "AB");
    assertThat(ended[0]).isTrue();
  }

  @Test
  void aThrowingTransformerFailsTheStreamOnceAndReleasesTheSource() {
    HandFedChunkStream source = new HandFedChunkStream();
    List<Throwable> errors = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    ChunkStream s = new TransformedChunkStream(source, new HoldBack());
    s.exceptionHandler(errors::add).handler(b -> seen.add(b.toString()));
    source.emit("boom");
    source.emit("x");
    source.finish();
    assertThat(errors).hasSize(1);
    assertThat(((GatewayException) errors.get(0)).kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
    assertThat(source.cancelled()).isTrue();
    assertThat(seen).isEmpty();
  }

  @Test
  void backPressureAndCancelReachTheSource() {
    HandFedChunkStream source = new HandFedChunkStream();
    ChunkStream s = new TransformedChunkStream(source, (c, out) -> out.accept(c));
    s.handler(b -> { });
    s.pause();
    assertThat(source.paused()).isTrue();
    s.resume();
    assertThat(source.paused()).isFalse();
    s.cancel();
    assertThat(source.cancelled()).isTrue();
  }
}
