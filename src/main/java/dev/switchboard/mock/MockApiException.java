package dev.switchboard.mock;

/**
 * An error the simulator answers with, carrying every field of the OpenAI error envelope
 * ({@code {"error":{"message","type","param","code"}}}).
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
  /** Azure's own envelope ({@code {"error":{"code":"401","message":...}}}) instead of OpenAI's. */
  final boolean azureShape;

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
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.azureShape = azureShape;
  }
}
