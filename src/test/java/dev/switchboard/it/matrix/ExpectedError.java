package dev.switchboard.it.matrix;

/**
 * What a client is told when its provider fails, per inbound API, as {@code docs/errors.md}
 * documents it: the gateway's status, OpenAI's {@code error.code} and Anthropic's
 * {@code error.type}.
 *
 * @param status the HTTP status the client gets
 * @param openAiCode {@code error.code} in the OpenAI envelope
 * @param anthropicType {@code error.type} in the Anthropic envelope
 */
record ExpectedError(int status, String openAiCode, String anthropicType) {

  static ExpectedError forUpstreamStatus(int upstream) {
    return switch (upstream) {
      case 429 -> new ExpectedError(429, "rate_limit_exceeded", "rate_limit_error");
      case 400 -> new ExpectedError(400, "upstream_invalid_request", "invalid_request_error");
      case 500 -> new ExpectedError(502, "upstream_error", "api_error");
      default -> throw new IllegalArgumentException("no expectation for " + upstream);
    };
  }
}
