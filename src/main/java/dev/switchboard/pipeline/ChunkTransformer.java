package dev.switchboard.pipeline;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Rewrites a stream of canonical chunks one at a time: each incoming chunk may become zero, one or
 * several outgoing chunks, and a transformer that holds text back (to catch a match split across
 * chunks) releases it in {@link #end}. Throwing a {@link GatewayException} from either method fails
 * the stream with that error (the client sees an SSE error event).
 *
 * <p>Threading: called on the exchange's event loop, one call at a time; an instance serves one
 * stream, so it may keep per-stream state without locking.
 */
public interface ChunkTransformer {

  /** Handles one chunk; passes what the client should see to {@code out}. */
  void chunk(Buffer chunk, Consumer<Buffer> out);

  /** The upstream stream ended normally; emit anything held back. */
  default void end(Consumer<Buffer> out) {}
}
