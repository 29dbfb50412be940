package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.bytes;
import static dev.switchboard.provider.gemini.GeminiFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class GeminiErrorsTest {
  private final GeminiAdapter adapter = new GeminiAdapter(GeminiFixtures.CLOCK);

  private GatewayException map(int status, String fixture, MultiMap headers) {
    return adapter.decodeError(target("https://generativelanguage.googleapis.com"), status,
        headers, Buffer.buffer(bytes(fixture)));
  }

  private GatewayException map(int status, String fixture) {
    return map(status, fixture, MultiMap.caseInsensitiveMultiMap());
  }

  @Test
  void badCredentialsAreTheOperatorsProblem() {
    GatewayException e = map(400, "error-invalid-key.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
    assertThat(e.getMessage()).contains("API key not valid").contains("providers.gem.api_key");
    assertThat(e.upstreamStatus()).isEqualTo(400);
    assertThat(map(403, "error-permission.json").kind())
        .isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
  }

  @Test
  void quotaIsARetryableRateLimit() {
    GatewayException e = map(429, "error-quota.json",
        MultiMap.caseInsensitiveMultiMap().add("Retry-After", "30"));
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo("30");
    assertThat(e.kind().retryable()).isTrue();
  }

  @Test
  void anUnknownModelIsModelNotFound() {
    GatewayException e = map(404, "error-model.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    assertThat(e.getMessage()).contains("gemini-2.5-flash");
  }

  @Test
  void tooLongInputIsAContextLengthErrorOtherInvalidArgumentsAreNot() {
    GatewayException e = map(400, "error-too-long.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.getMessage()).contains("1212345");
    GatewayException other = adapter.decodeError(target("https://x.test"), 400, null,
        Buffer.buffer("{\"error\":{\"code\":400,\"message\":\"* GenerateContentRequest.contents:"
            + " contents is not specified\",\"status\":\"INVALID_ARGUMENT\"}}"));
    assertThat(other.kind()).isEqualTo(ErrorKind.UPSTREAM_INVALID_REQUEST);
    assertThat(other.status()).isEqualTo(400);
  }

  @Test
  void serverErrorsAndUnavailabilityAreRetryable() {
    GatewayException unavailable = map(503, "error-overloaded.json");
    assertThat(unavailable.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(unavailable.getMessage()).contains("overloaded"); // read from the array form
    assertThat(map(500, "error-internal.json").kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(map(500, "error-internal.json").kind().retryable()).isTrue();
    assertThat(adapter.decodeError(target("https://x.test"), 502, null, Buffer.buffer("<html>"))
        .kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }
}
