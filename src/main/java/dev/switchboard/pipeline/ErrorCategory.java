package dev.switchboard.pipeline;

/**
 * The documented categories every gateway error falls into, each with the action a person should
 * take and when retrying makes sense. Rendered as {@code error.category} and {@code error.action}
 * next to the stable {@code error.code}; the table in {@code docs/errors.md} lists them and a test
 * keeps it in step with this enum. Immutable.
 */
public enum ErrorCategory {
  INVALID_REQUEST("invalid_request", Retry.NEVER,
      "Fix the request as the message says, then send it again."),
  AUTHENTICATION("authentication", Retry.NEVER,
      "Send a valid gateway key as 'Authorization: Bearer <key>' (or 'x-api-key')."),
  PERMISSION("permission", Retry.NEVER,
      "Use a model or action your key allows, or ask a gateway administrator to widen the key."),
  MODEL_NOT_FOUND("model_not_found", Retry.NEVER,
      "Use one of the models listed by GET /v1/models, or ask an administrator to add this one."),
  CONTEXT_LENGTH("context_length", Retry.NEVER,
      "Shorten the conversation or lower max_tokens, or use a model with a larger context window."),
  CONTENT_POLICY("content_policy", Retry.NEVER,
      "Rephrase the request without the refused content; if you think the refusal is wrong, give"
          + " the request id to your gateway administrator."),
  RATE_LIMIT("rate_limit", Retry.AFTER_RETRY_AFTER,
      "Wait the number of seconds in Retry-After, then retry; if it keeps happening, send fewer"
          + " requests or ask for a higher limit."),
  BUDGET_QUOTA("budget_quota", Retry.AFTER_RESET,
      "The spending limit is used up: wait until it resets (Retry-After), or ask a gateway"
          + " administrator to raise it."),
  CREDITS_PAYMENT("credits_payment", Retry.AFTER_TOP_UP,
      "Top up the prepaid credits, then retry."),
  PROVIDER_AUTHENTICATION("provider_authentication", Retry.NEVER,
      "Nothing to change in your request: a gateway administrator must fix the provider's API key."
          + " Retrying will not help until then."),
  PROVIDER_QUOTA("provider_quota", Retry.NEVER,
      "The provider account behind this model has no quota left: a gateway administrator must add"
          + " credit or raise the quota with the provider, or route the model elsewhere."),
  CIRCUIT_OPEN("circuit_open", Retry.AFTER_RETRY_AFTER,
      "The provider has been failing, so the gateway is not sending it traffic for a while: retry"
          + " after Retry-After, or use another model."),
  TIMEOUT("timeout", Retry.SHORTLY,
      "Retry; if it keeps happening, ask for a shorter answer (max_tokens) or stream it."),
  PROVIDER_ERROR("provider_error", Retry.SHORTLY,
      "The provider failed and the configured fallbacks did not help: retry in a few seconds."),
  GATEWAY_ERROR("gateway_error", Retry.SHORTLY,
      "Retry shortly; if it persists, give the request id (x-request-id) to your gateway"
          + " administrator.");

  /** When the same request may succeed if sent again. */
  public enum Retry {
    /** Not as it is: the request, the key or the configuration must change first. */
    NEVER("no"),
    /** After the {@code Retry-After} header's seconds. */
    AFTER_RETRY_AFTER("after Retry-After"),
    /** After the budget period resets ({@code Retry-After} says when). */
    AFTER_RESET("after the reset (Retry-After)"),
    /** After the prepaid credits are topped up. */
    AFTER_TOP_UP("after a top-up"),
    /** In a few seconds, with backoff. */
    SHORTLY("yes, with backoff");

    private final String text;

    Retry(String text) {
      this.text = text;
    }

    /** How the docs table says it. */
    public String text() {
      return text;
    }
  }

  private final String id;
  private final Retry retry;
  private final String action;

  ErrorCategory(String id, Retry retry, String action) {
    this.id = id;
    this.retry = retry;
    this.action = action;
  }

  /** The wire name ({@code error.category}). */
  public String id() {
    return id;
  }

  /** Whether and when retrying the same request makes sense. */
  public Retry retry() {
    return retry;
  }

  /** What a person should do about it ({@code error.action}). */
  public String action() {
    return action;
  }
}
