package dev.switchboard.mock;

/**
 * An error the simulated Bedrock runtime answers with: an HTTP status, the AWS error name sent in
 * {@code x-amzn-ErrorType} (e.g. {@code ThrottlingException}) and the message of its
 * {@code {"message": …}} body. Rendered by {@link BedrockErrors}.
 *
 * <p>Immutable; no stack trace is captured, these are expected outcomes.
 */
final class BedrockApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String type;
  /** Seconds for a {@code Retry-After} header, or -1 for none. */
  final long retryAfterSeconds;

  BedrockApiException(int status, String type, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
