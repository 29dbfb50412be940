package dev.switchboard.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BedrockErrorsTest {
  private static final String SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private static GatewayException map(int status, String type, String message,
      String retryAfter) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (type != null) {
      headers.set("x-amzn-ErrorType", type + SUFFIX);
    }
    if (retryAfter != null) {
      headers.set("retry-after", retryAfter);
    }
    return BedrockErrors.map(BedrockFixtures.target("aws", ""), status, headers,
        Buffer.buffer("{\"message\":\"" + message + "\"}"));
  }

  @Test
  void throttlingIsARetryableRateLimitKeepingRetryAfter() {
    GatewayException e = map(429, "ThrottlingException",
        "Too many requests, please wait before trying again.", "2");
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.kind().retryable()).isTrue();
    assertThat(e.retryAfter()).isEqualTo("2");
    assertThat(e.getMessage()).contains("Provider 'aws'").contains("Too many requests");
    assertThat(e.upstreamStatus()).isEqualTo(429);
  }

  @Test
  void validationErrorsAboutLengthAreContextLengthErrorsOthersUpstreamInvalid() {
    assertThat(map(400, "ValidationException", "Input is too long for requested model.", null)
        .kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(map(400, "ValidationException",
        "prompt is too long: 210000 tokens > 200000 maximum", null).kind())
        .isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    GatewayException other = map(400, "ValidationException",
        "A conversation must start with a user message.", null);
    assertThat(other.kind()).isEqualTo(ErrorKind.UPSTREAM_INVALID_REQUEST);
    assertThat(other.status()).isEqualTo(400);
  }

  @Test
  void credentialsModelsTimeoutsAndAvailabilityMapByTheirAwsName() {
    assertThat(map(403, "AccessDeniedException", "You don't have access", null).kind())
        .isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
    assertThat(map(403, "UnrecognizedClientException", "The security token is invalid", null)
        .kind()).isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
    assertThat(map(404, "ResourceNotFoundException", "Model not found", null).kind())
        .isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    assertThat(map(408, "ModelTimeoutException", "timed out", null).kind())
        .isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(map(429, "ModelNotReadyException", "not ready", null).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(map(503, "ServiceUnavailableException", "unavailable", null).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(map(424, "ModelErrorException", "model failed", null).kind())
        .isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void withoutTheHeaderTheBodysTypeOrTheStatusDecides() {
    GatewayException fromBody = BedrockErrors.map(BedrockFixtures.target("aws", ""), 400, null,
        Buffer.buffer("{\"__type\":\"com.amazon.coral.availability#ThrottlingException\","
            + "\"Message\":\"slow down\"}"));
    assertThat(fromBody.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(fromBody.getMessage()).contains("slow down");
    assertThat(map(502, null, "bad gateway", null).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(map(429, null, "x", null).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }
}
