package dev.switchboard.pipeline;

/**
 * The gateway's one error vocabulary: each kind fixes the HTTP status, the OpenAI error {@code type},
 * the stable {@code code} clients may switch on, whether the next deployment may be tried, and the
 * documented {@link ErrorCategory}.
 * Immutable.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, "invalid_request_error", "invalid_request", false,
      ErrorCategory.INVALID_REQUEST),
  AUTHENTICATION(401, "authentication_error", "authentication_error", false,
      ErrorCategory.AUTHENTICATION),
  /** A valid key that may not do this (e.g. a model outside its allow-list). */
  PERMISSION_DENIED(403, "permission_error", "permission_denied", false, ErrorCategory.PERMISSION),
  NOT_FOUND(404, "invalid_request_error", "not_found", false, ErrorCategory.INVALID_REQUEST),
  MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", false,
      ErrorCategory.MODEL_NOT_FOUND),
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed", false,
      ErrorCategory.INVALID_REQUEST),
  REQUEST_TIMEOUT(408, "invalid_request_error", "request_timeout", false, ErrorCategory.TIMEOUT),
  PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large", false,
      ErrorCategory.INVALID_REQUEST),
  /** The prompt does not fit the model's context window (a larger model may take it). */
  CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded", false,
      ErrorCategory.CONTEXT_LENGTH),
  /** The provider refused the content (a configured fallback model may take it). */
  CONTENT_POLICY(400, "invalid_request_error", "content_policy_violation", false,
      ErrorCategory.CONTENT_POLICY),
  /** The provider refused the request as invalid; its own status (4xx) is kept. */
  UPSTREAM_INVALID_REQUEST(400, "invalid_request_error", "upstream_invalid_request", false,
      ErrorCategory.INVALID_REQUEST),
  /** The provider rejected the gateway's credentials: an operator problem, not the caller's. */
  UPSTREAM_AUTHENTICATION(502, "upstream_error", "upstream_authentication_error", true,
      ErrorCategory.PROVIDER_AUTHENTICATION),
  RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", true, ErrorCategory.RATE_LIMIT),
  /**
   * The provider account behind the deployment has no quota or credit left (OpenAI's
   * {@code insufficient_quota}): another key or deployment may still serve the request.
   */
  UPSTREAM_QUOTA(429, "insufficient_quota", "provider_quota_exceeded", true,
      ErrorCategory.PROVIDER_QUOTA),
  /** A gateway limit (requests, tokens or concurrency per key, user, team …) refused the call. */
  LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded", false, ErrorCategory.RATE_LIMIT),
  /** A daily or monthly cost limit of the key or one of its owners is spent. */
  BUDGET_EXCEEDED(429, "insufficient_quota", "budget_exceeded", false, ErrorCategory.BUDGET_QUOTA),
  /** The user pays from prepaid credits and they are used up. */
  CREDITS_EXHAUSTED(402, "insufficient_quota", "budget_exceeded", false,
      ErrorCategory.CREDITS_PAYMENT),
  UPSTREAM_ERROR(502, "upstream_error", "upstream_error", true, ErrorCategory.PROVIDER_ERROR),
  UPSTREAM_UNAVAILABLE(503, "upstream_error", "upstream_unavailable", true,
      ErrorCategory.PROVIDER_ERROR),
  UPSTREAM_TIMEOUT(504, "timeout_error", "upstream_timeout", true, ErrorCategory.TIMEOUT),
  /** Every deployment that could serve the request has an open circuit breaker. */
  CIRCUIT_OPEN(503, "upstream_error", "circuit_open", true, ErrorCategory.CIRCUIT_OPEN),
  /**
   * A fail-closed guardrail (an external check) could not give its verdict, so the request or
   * answer was not let through.
   */
  GUARDRAIL_UNAVAILABLE(503, "server_error", "guardrail_unavailable", false,
      ErrorCategory.GATEWAY_ERROR),
  /** The key is not cached and the key store cannot be asked right now. */
  AUTH_UNAVAILABLE(503, "server_error", "auth_unavailable", false, ErrorCategory.GATEWAY_ERROR),
  INTERNAL(500, "server_error", "internal_error", false, ErrorCategory.GATEWAY_ERROR);

  private final int status;
  private final String type;
  private final String code;
  private final boolean retryable;
  private final ErrorCategory category;

  ErrorKind(int status, String type, String code, boolean retryable, ErrorCategory category) {
    this.status = status;
    this.type = type;
    this.code = code;
    this.retryable = retryable;
    this.category = category;
  }

  /** The documented category, with the action a person should take. */
  public ErrorCategory category() {
    return category;
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
