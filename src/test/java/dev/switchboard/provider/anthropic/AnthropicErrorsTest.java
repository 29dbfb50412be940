package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.bytes;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AnthropicErrorsTest {
  private final AnthropicAdapter adapter = new AnthropicAdapter(AnthropicFixtures.CLOCK);

  private GatewayException map(int status, String fixture, MultiMap headers) {
    return adapter.decodeError(target("https://api.anthropic.com"), status, headers,
        Buffer.buffer(bytes(fixture)));
  }

  private GatewayException map(int status, String fixture) {
    return map(status, fixture, MultiMap.caseInsensitiveMultiMap());
  }

  @Test
  void badCredentialsAreTheOperatorsProblem() {
    GatewayException e = map(401, "error-auth.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
    assertThat(e.getMessage()).contains("invalid x-api-key").contains("providers.claude.api_key");
    assertThat(e.upstreamStatus()).isEqualTo(401);
    assertThat(map(403, "error-auth.json").kind()).isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
  }

  @Test
  void rateLimitsKeepRetryAfter() {
    GatewayException e = map(429, "error-rate-limit.json",
        MultiMap.caseInsensitiveMultiMap().add("Retry-After", "17"));
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo("17");
    assertThat(e.kind().retryable()).isTrue();
  }

  @Test
  void overloadedAndUnavailableAreRetryable() {
    GatewayException e = map(529, "error-overloaded.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.kind().retryable()).isTrue();
    assertThat(map(503, "error-overloaded.json").kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(adapter.decodeError(target("https://api.anthropic.com"), 500, null,
        Buffer.buffer("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}"))
        .kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void aPromptTooLongIsAContextLengthError() {
    GatewayException e = map(400, "error-prompt-too-long.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.getMessage()).contains("208310 tokens");
    GatewayException other = adapter.decodeError(target("https://api.anthropic.com"), 400, null,
        Buffer.buffer("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
            + "\"message\":\"max_tokens: must be positive\"}}"));
    assertThat(other.kind()).isEqualTo(ErrorKind.UPSTREAM_INVALID_REQUEST);
    assertThat(other.status()).isEqualTo(400);
  }

  @Test
  void anUnknownModelIsModelNotFound() {
    GatewayException e = map(404, "error-model.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    assertThat(e.getMessage()).contains("claude-sonnet-4-5");
  }

  @Test
  void streamErrorEventsAreMappedByType() {
    assertThat(AnthropicErrors.streamError(Buffer.buffer(bytes("error-overloaded.json"))).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(AnthropicErrors.streamError(Buffer.buffer(bytes("error-prompt-too-long.json")))
        .kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(AnthropicErrors.streamError(Buffer.buffer("{\"type\":\"error\",\"error\":{\"type\":"
        + "\"api_error\",\"message\":\"boom\"}}")).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }
}
