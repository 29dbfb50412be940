package dev.switchboard.provider;

import dev.switchboard.pipeline.Usage;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Turns one upstream stream's bytes into canonical chunks, holding whatever state the upstream
 * format needs between network reads (partial lines, open tool calls, usage).
 *
 * <p>Threading: one instance per request, used from one event loop only.
 */
public interface StreamDecoder {

  /** Consumes the next bytes from upstream, emitting zero or more complete chunks. */
  void feed(Buffer bytes, Handler<Buffer> chunkOut);

  /**
   * Called when the upstream ended the response; emits any last chunks.
   *
   * @throws dev.switchboard.pipeline.GatewayException if the stream ended incomplete or carried an
   *     error event
   */
  void finish(Handler<Buffer> chunkOut);

  /**
   * Whether the upstream signalled the end of the stream in-band (e.g. OpenAI's {@code [DONE]}),
   * so the answer is complete before the upstream closes its response.
   */
  boolean done();

  /** The final usage seen so far ({@link Usage#UNKNOWN} until the upstream reports it). */
  Usage usage();
}
