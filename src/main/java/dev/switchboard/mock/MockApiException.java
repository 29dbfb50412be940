package dev.switchboard.mock;

/**
 * An error the simulator answers with, carrying every field of the OpenAI error envelope
 * ({@code {"error":{"message","type","param","code"}}}); {@link #envelope} says which provider's
 * envelope renders it (Azure's and Anthropic's use a subset of the fields).
 *
 * <p>Immutable. Thrown by request validation and created for injected failures; only
 * {@link MockErrors#send} turns it into bytes. No stack trace is captured: these are expected
 * outcomes on the hot path, not bugs.
 */
final class MockApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String type;
  final String param;
  final String code;
  /** Seconds for a {@code Retry-After} header, or -1 for none. */
  final long retryAfterSeconds;
  /** Which provider's error envelope renders this error. */
  final Envelope envelope;

  /** The error document shapes the simulated providers use. */
  enum Envelope {
    /** {@code {"error":{"message","type","param","code"}}}. */
    OPENAI,
    /** Azure's own {@code {"error":{"code":"401","message":...}}}. */
    AZURE,
    /** Anthropic's {@code {"type":"error","error":{"type","message"},"request_id"}}. */
    ANTHROPIC,
    /** Google's {@code {"error":{"code","message","status"}}}; {@code type} holds the status. */
    GOOGLE
  }

  MockApiException(int status, String message, String type, String param, String code) {
    this(status, message, type, param, code, -1, false);
  }

  MockApiException(
      int status,
      String message,
      String type,
      String param,
      String code,
      long retryAfterSeconds,
      boolean azureShape) {
    this(status, message, type, param, code, retryAfterSeconds,
        azureShape ? Envelope.AZURE : Envelope.OPENAI);
  }

  MockApiException(
      int status,
      String message,
      String type,
      String param,
      String code,
      long retryAfterSeconds,
      Envelope envelope) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.envelope = envelope;
  }
}
