package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import org.junit.jupiter.api.Test;

class ErrorRendererTest {

  @Test
  void rendersTheOpenAiEnvelopeWithAStableCode() throws Exception {
    JsonNode n = Json.MAPPER.readTree(ErrorRenderer.envelopeJson(
        GatewayException.invalid("messages", "Missing required parameter 'messages'.")));
    assertThat(n.at("/error/message").asText()).isEqualTo("Missing required parameter 'messages'.");
    assertThat(n.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(n.at("/error/code").asText()).isEqualTo("invalid_request");
    assertThat(n.at("/error/param").asText()).isEqualTo("messages");
    assertThat(n.at("/error").has("upstream")).isFalse();
    assertThat(n.at("/error/category").asText()).isEqualTo("invalid_request");
    assertThat(n.at("/error/action").asText()).startsWith("Fix the request");
    assertThat(n.at("/error").has("retry_after")).isFalse();
  }

  @Test
  void saysWhenToRetryWhenWaitingHelps() throws Exception {
    GatewayException e = GatewayException.builder(ErrorKind.BUDGET_EXCEEDED, "spent")
        .retryAfter("3600").build();
    JsonNode n = Json.MAPPER.readTree(ErrorRenderer.envelopeJson(e));
    assertThat(n.at("/error/category").asText()).isEqualTo("budget_quota");
    assertThat(n.at("/error/retry_after").asInt()).isEqualTo(3600);
    assertThat(n.at("/error/action").asText()).contains("resets");
  }

  @Test
  void keepsTheProvidersRawErrorUnderUpstream() throws Exception {
    GatewayException e = GatewayException.builder(ErrorKind.RATE_LIMITED, "slow down").upstreamStatus(429)
        .upstreamBody("{\"error\":{\"code\":\"rate_limit_exceeded\"}}").build();
    JsonNode n = Json.MAPPER.readTree(ErrorRenderer.envelopeJson(e));
    assertThat(n.at("/error/param").isNull()).isTrue();
    assertThat(n.at("/error/upstream/status").asInt()).isEqualTo(429);
    assertThat(n.at("/error/upstream/body/error/code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void anInternalErrorNeverCarriesAStackTrace() throws Exception {
    GatewayException e = GatewayException.wrap(new IllegalStateException("secret detail"));
    String json = ErrorRenderer.envelopeJson(e);
    assertThat(json).doesNotContain("secret detail").doesNotContain("at dev.switchboard");
    assertThat(e.status()).isEqualTo(500);
  }
}
