package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class MockBehaviorTest {

  @Test
  void defaultsMatchTheDocumentation() {
    MockBehavior d = MockBehavior.defaults();
    assertThat(d).isEqualTo(new MockBehavior(0, 0, 0, 16, 200, 0, 1, false, -1));
    MockOptions o = MockOptions.defaults();
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(4001);
    assertThat(o.requiredApiKey()).isNull();
    assertThat(o.record()).isTrue();
    assertThat(new MockOptions("0.0.0.0", 0, 1, "", null).requiredApiKey()).isNull();
  }

  @Test
  void serialisesAsSnakeCaseAndMergesPartially() throws Exception {
    JsonNode node = MockJson.MAPPER.valueToTree(MockBehavior.defaults());
    assertThat(node.fieldNames()).toIterable().containsExactlyInAnyOrder("latency_ms", "ttft_ms",
        "chunk_interval_ms", "tokens", "status", "fail_rate", "retry_after_seconds", "hang",
        "drop_after_chunks");

    MockBehavior merged = MockBehavior.defaults()
        .merge(json("{\"tokens\":4,\"hang\":true}"), MockJson.MAPPER);
    assertThat(merged.tokens()).isEqualTo(4);
    assertThat(merged.hang()).isTrue();
    assertThat(merged.status()).isEqualTo(200);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new MockBehavior(0, 0, 0, 16, 42, 0, 1, false, -1))
        .hasMessageContaining("status");
    assertThatThrownBy(() -> MockBehavior.defaults()
        .merge(json("{\"fail_rate\":1.5}"), MockJson.MAPPER)).hasMessageContaining("fail_rate");
    assertThatThrownBy(() -> MockBehavior.defaults()
        .merge(json("{\"nope\":1}"), MockJson.MAPPER)).hasMessageContaining("nope");
    assertThatThrownBy(() -> MockBehavior.defaults()
        .merge(json("{\"tokens\":\"many\"}"), MockJson.MAPPER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersOverrideTheDefault() {
    MockBehavior base = MockBehavior.defaults();
    assertThat(BehaviorResolver.resolve(base, MultiMap.caseInsensitiveMultiMap())).isSameAs(base);

    MockBehavior resolved = BehaviorResolver.resolve(base, MultiMap.caseInsensitiveMultiMap()
        .add("X-Mock-Status", "503").add("x-mock-drop-after", "2").add("x-mock-hang", "false")
        .add("x-mock-fail-rate", "0.25"));
    assertThat(resolved.status()).isEqualTo(503);
    assertThat(resolved.dropAfterChunks()).isEqualTo(2);
    assertThat(resolved.failRate()).isEqualTo(0.25);
    assertThat(resolved.tokens()).isEqualTo(16);

    assertThatThrownBy(() -> BehaviorResolver.resolve(base,
        MultiMap.caseInsensitiveMultiMap().add("x-mock-tokens", "-3")))
        .isInstanceOf(MockApiException.class);
  }
}
