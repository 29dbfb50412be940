package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * What a responder wants to answer once the request passed validation: a JSON document or a
 * stream of server-sent events. Bytes are produced only when the delivery decides to send them, so
 * an injected failure or a hang costs no rendering.
 *
 * <p>Immutable; used by the event loop that received the request.
 */
final class Reply {

  /** Server-sent events in order, {@code data: [DONE]} last; {@code next()} is null afterwards. */
  interface ChunkSource {
    Buffer next();
  }

  private final String model;
  private final Supplier<Buffer> json;
  private final Supplier<ChunkSource> stream;
  /** Whose error envelope injected failures use. */
  private final MockApiException.Envelope envelope;

  private Reply(String model, Supplier<Buffer> json, Supplier<ChunkSource> stream,
      MockApiException.Envelope envelope) {
    this.model = model;
    this.json = json;
    this.stream = stream;
    this.envelope = envelope;
  }

  static Reply json(String model, Supplier<Buffer> body) {
    return new Reply(model, body, null, MockApiException.Envelope.OPENAI);
  }

  static Reply stream(String model, Supplier<ChunkSource> events) {
    return new Reply(model, null, events, MockApiException.Envelope.OPENAI);
  }

  /** This reply, answering an Anthropic request: injected failures use Anthropic's errors. */
  Reply anthropic() {
    return new Reply(model, json, stream, MockApiException.Envelope.ANTHROPIC);
  }

  /** This reply, answering a Gemini request: injected failures use Google's errors. */
  Reply google() {
    return new Reply(model, json, stream, MockApiException.Envelope.GOOGLE);
  }

  boolean isAnthropic() {
    return envelope == MockApiException.Envelope.ANTHROPIC;
  }

  boolean isGoogle() {
    return envelope == MockApiException.Envelope.GOOGLE;
  }

  /** The model the request asked for, quoted by injected errors (e.g. the 429 message). */
  String model() {
    return model;
  }

  boolean streaming() {
    return stream != null;
  }

  Buffer body() {
    return json.get();
  }

  ChunkSource events() {
    return stream.get();
  }
}
