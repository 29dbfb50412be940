package dev.switchboard.pipeline;

/**
 * The gateway's one error vocabulary: each kind fixes the HTTP status, the OpenAI error {@code type},
 * the stable {@code code} clients may switch on, and whether the next deployment may be tried.
 * Immutable.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, "invalid_request_error", "invalid_request", false),
  AUTHENTICATION(401, "authentication_error", "authentication_error", false),
  /** A valid key that may not do this (e.g. a model outside its allow-list). */
  PERMISSION_DENIED(403, "permission_error", "permission_denied", false),
  NOT_FOUND(404, "invalid_request_error", "not_found", false),
  MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", false),
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed", false),
  REQUEST_TIMEOUT(408, "invalid_request_error", "request_timeout", false),
  PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large", false),
  /** The prompt does not fit the model's context window (a larger model may take it). */
  CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded", false),
  /** The provider refused the content (a configured fallback model may take it). */
  CONTENT_POLICY(400, "invalid_request_error", "content_policy_violation", false),
  /** The provider refused the request as invalid; its own status (4xx) is kept. */
  UPSTREAM_INVALID_REQUEST(400, "invalid_request_error", "upstream_invalid_request", false),
  /** The provider rejected the gateway's credentials: an operator problem, not the caller's. */
  UPSTREAM_AUTHENTICATION(502, "upstream_error", "upstream_authentication_error", true),
  RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", true),
  /** A gateway limit (requests, tokens or concurrency per key, user, team …) refused the call. */
  LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded", false),
  /** A daily or monthly cost limit of the key or one of its owners is spent. */
  BUDGET_EXCEEDED(429, "insufficient_quota", "budget_exceeded", false),
  /** The user pays from prepaid credits and they are used up. */
  CREDITS_EXHAUSTED(402, "insufficient_quota", "budget_exceeded", false),
  UPSTREAM_ERROR(502, "upstream_error", "upstream_error", true),
  UPSTREAM_UNAVAILABLE(503, "upstream_error", "upstream_unavailable", true),
  UPSTREAM_TIMEOUT(504, "timeout_error", "upstream_timeout", true),
  /** Every deployment that could serve the request has an open circuit breaker. */
  CIRCUIT_OPEN(503, "upstream_error", "circuit_open", true),
  /** The key is not cached and the key store cannot be asked right now. */
  AUTH_UNAVAILABLE(503, "server_error", "auth_unavailable", false),
  INTERNAL(500, "server_error", "internal_error", false);

  private final int status;
  private final String type;
  private final String code;
  private final boolean retryable;

  ErrorKind(int status, String type, String code, boolean retryable) {
    this.status = status;
    this.type = type;
    this.code = code;
    this.retryable = retryable;
  }

  /** HTTP status answered to the client (an upstream's own status may override it). */
  public int status() {
    return status;
  }

  /** OpenAI error {@code type}. */
  public String type() {
    return type;
  }

  /** Stable machine-readable {@code code}. */
  public String code() {
    return code;
  }

  /** Whether another deployment (or a retry) may succeed where this attempt failed. */
  public boolean retryable() {
    return retryable;
  }
}
