package dev.switchboard.pipeline;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What the pipeline answers: either a complete body or a stream of chunks. Both expose the final
 * {@link Usage} as a future, so accounting never needs to know which it got.
 *
 * <p>Threading: created and consumed on the exchange's event loop.
 */
public sealed interface Reply permits Reply.Complete, Reply.Streaming {

  /** The final usage; completes when the answer is fully known (at once for complete replies). */
  Future<Usage> usage();

  /**
   * A complete JSON answer in the client's wire format.
   *
   * @param status HTTP status to answer with
   * @param body the JSON bytes, passed to the client as they are
   * @param finalUsage usage reported by the provider
   */
  record Complete(int status, Buffer body, Usage finalUsage) implements Reply {
    @Override
    public Future<Usage> usage() {
      return Future.succeededFuture(finalUsage);
    }
  }

  /**
   * A streamed answer.
   *
   * @param chunks the canonical chunks
   * @param usage completes with the final usage when the stream ends (UNKNOWN if never reported)
   */
  record Streaming(ChunkStream chunks, Future<Usage> usage) implements Reply {}
}
