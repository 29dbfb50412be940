package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Pricing;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.UpstreamTarget;
import dev.switchboard.provider.openai.OpenAiAdapter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backoff with full jitter, Retry-After parsing, key rotation and failure classes. */
class RetryPolicyTest {
  private static Deployment deployment(String provider, List<String> keys) {
    UpstreamTarget t = UpstreamTarget.of(provider, "openai", "http://127.0.0.1:1/v1",
        keys.isEmpty() ? "" : keys.get(0), "", Map.of(), "m");
    return new Deployment(provider + "/m", t, new OpenAiAdapter(false), 1, Pricing.of(1, 2),
        keys);
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeiling() {
    Backoff b = new Backoff(100, 1000, 10_000);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.jitteredMs(1)).isBetween(0L, 100L);
      assertThat(b.jitteredMs(3)).isBetween(0L, 400L);
      assertThat(b.jitteredMs(50)).isBetween(0L, 1000L);
    }
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      max = Math.max(max, b.jitteredMs(3));
    }
    assertThat(max).as("the whole range is used").isGreaterThan(300);
  }

  @Test
  void retryAfterIsHonouredOnlyUpToTheCap() {
    Backoff b = new Backoff(100, 1000, 10_000);
    assertThat(b.retryAfterMs("3")).isEqualTo(3000);
    assertThat(b.retryAfterMs("0.5")).isEqualTo(500);
    assertThat(b.retryAfterMs("30")).as("longer than the cap: move on").isEqualTo(-1);
    assertThat(b.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(-1);
    assertThat(b.retryAfterMs(null)).isEqualTo(-1);
  }

  @Test
  void theKeyRingRotatesOncePerFailedKeyForEveryone() {
    KeyRing ring = new KeyRing();
    Deployment d = deployment("p", List.of("k1", "k2", "k3"));
    assertThat(ring.key(d)).isEqualTo("k1");
    assertThat(ring.rotate(d, "k1")).isTrue();
    assertThat(ring.rotate(d, "k1")).as("a second failure with k1 does not skip k2").isTrue();
    assertThat(ring.key(d)).isEqualTo("k2");
    ring.rotate(d, "k2");
    ring.rotate(d, "k3");
    assertThat(ring.key(d)).as("wraps around").isEqualTo("k1");
    Deployment single = deployment("q", List.of("only"));
    assertThat(ring.rotate(single, "only")).isFalse();
    assertThat(ring.key(single)).isEqualTo("only");
    assertThat(ring.key(deployment("r", List.of()))).isEmpty();
  }

  @Test
  void failuresAreClassifiedForFailoverAndHealth() {
    assertThat(FailureClass.of(GatewayException.of(ErrorKind.RATE_LIMITED, "x")))
        .isEqualTo(FailureClass.RATE_LIMIT);
    assertThat(FailureClass.RATE_LIMIT.healthFailure()).isFalse();
    assertThat(FailureClass.of(GatewayException.of(ErrorKind.UPSTREAM_TIMEOUT, "x"))
        .healthFailure()).isTrue();
    assertThat(FailureClass.of(GatewayException.of(ErrorKind.UPSTREAM_INVALID_REQUEST, "x")))
        .isEqualTo(FailureClass.FINAL);
    assertThat(FailureClass.of(GatewayException.of(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "x")))
        .isEqualTo(FailureClass.CONTEXT_LENGTH);
    for (FailureClass c : FailureClass.values()) {
      if (c != FailureClass.FINAL && c != FailureClass.CONTEXT_LENGTH
          && c != FailureClass.CONTENT_POLICY) {
        assertThat(dev.switchboard.config.RoutingSpec.FAILOVER_CLASSES)
            .as("every failover class can be configured").contains(c.configName());
      }
    }
  }
}
