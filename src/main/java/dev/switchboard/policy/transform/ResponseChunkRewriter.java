package dev.switchboard.policy.transform;

import dev.switchboard.pipeline.ChunkTransformer;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Applies a {@link ResponsePlan} to each chunk of a streamed answer as it passes: every chunk gets
 * the model name and loses the removed fields; the first JSON chunk also carries the metadata.
 * Never holds a chunk back.
 *
 * <p>Threading: one per stream, called on its event loop one chunk at a time.
 */
final class ResponseChunkRewriter implements ChunkTransformer {
  private final ResponsePlan plan;
  private boolean first = true;

  ResponseChunkRewriter(ResponsePlan plan) {
    this.plan = plan;
  }

  @Override
  public void chunk(Buffer chunk, Consumer<Buffer> out) {
    Buffer edited = plan.edit(chunk, first);
    if (edited == null) {
      out.accept(chunk);
      return;
    }
    first = false;
    out.accept(edited);
  }
}
