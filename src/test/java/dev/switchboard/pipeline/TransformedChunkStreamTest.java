package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TransformedChunkStreamTest {

  /** A source the test drives by hand. */
  private static final class HandFed implements ChunkStream {
    Handler<Buffer> chunks;
    Handler<Void> end;
    Handler<Throwable> error;
    boolean paused;
    boolean cancelled;

    @Override
    public ChunkStream handler(Handler<Buffer> h) {
      chunks = h;
      return this;
    }

    @Override
    public ChunkStream endHandler(Handler<Void> h) {
      end = h;
      return this;
    }

    @Override
    public ChunkStream exceptionHandler(Handler<Throwable> h) {
      error = h;
      return this;
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

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
    HandFed source = new HandFed();
    List<String> seen = new ArrayList<>();
    boolean[] ended = {false};
    ChunkStream s = new TransformedChunkStream(source, new HoldBack());
    s.endHandler(v -> ended[0] = true).handler(b -> seen.add(b.toString()));
    source.chunks.handle(Buffer.buffer("a"));
    source.chunks.handle(Buffer.buffer("x"));
    source.chunks.handle(Buffer.buffer("b"));
    assertThat(seen).containsExactly("x1", "x2");
    source.end.handle(null);
    assertThat(seen).containsExactly("x1", "x2", "AB");
    assertThat(ended[0]).isTrue();
  }

  @Test
  void aThrowingTransformerFailsTheStreamOnceAndReleasesTheSource() {
    HandFed source = new HandFed();
    List<Throwable> errors = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    ChunkStream s = new TransformedChunkStream(source, new HoldBack());
    s.exceptionHandler(errors::add).handler(b -> seen.add(b.toString()));
    source.chunks.handle(Buffer.buffer("boom"));
    source.chunks.handle(Buffer.buffer("x"));
    source.end.handle(null);
    assertThat(errors).hasSize(1);
    assertThat(((GatewayException) errors.get(0)).kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
    assertThat(source.cancelled).isTrue();
    assertThat(seen).isEmpty();
  }

  @Test
  void backPressureAndCancelReachTheSource() {
    HandFed source = new HandFed();
    ChunkStream s = new TransformedChunkStream(source, (c, out) -> out.accept(c));
    s.handler(b -> { });
    s.pause();
    assertThat(source.paused).isTrue();
    s.resume();
    assertThat(source.paused).isFalse();
    s.cancel();
    assertThat(source.cancelled).isTrue();
  }
}
