package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.Gateway;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas sharing breaker state through a real redis-server (127.0.0.1:6379, started
 * by .ci/run): a breaker opened by one replica's traffic is open on the other, and an admin reset
 * on either reaches both.
 */
class BreakerSharingIT {
  private static final String BREAKER = "/circuit-breakers/sim-a%2Fgpt-4o-mini";

  @Test
  void aBreakerOpenedOnOneReplicaIsOpenOnTheOther() throws Exception {
    try (Sims s = Sims.start(2)) {
      String config = s.providers() + """
          models:
            m:
              strategy: weighted_round_robin
              deployments:
                - {provider: sim-a, model: gpt-4o-mini, weight: 100}
                - {provider: sim-b, model: gpt-4o-mini, weight: 1}
          """;
      Gateway one = s.gateway(config, "redis://127.0.0.1:6379");
      Gateway two = s.gateway(config, "redis://127.0.0.1:6379");
      // Leftovers of an earlier run must not decide this one.
      assertThat(s.post(one, "/circuit-breakers/reset-all", "").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> state(s, two).equals("closed"));

      s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 500, 0, 1, false, -1));
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = s.chat(one, "m");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Sims.served(r)).isEqualTo("sim-b/gpt-4o-mini");
      }
      assertThat(state(s, one)).isEqualTo("open");
      await().atMost(Duration.ofSeconds(5)).until(() -> state(s, two).equals("open"));

      long before = chats(s);
      HttpResponse<String> viaTwo = s.chat(two, "m");
      assertThat(Sims.served(viaTwo)).isEqualTo("sim-b/gpt-4o-mini");
      assertThat(Sims.attempts(viaTwo)).as("replica two skips the open breaker").isEqualTo(1);
      assertThat(chats(s)).isEqualTo(before);

      s.sim('a').behavior(MockBehavior.defaults());
      assertThat(s.post(two, BREAKER + "/reset", "").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> state(s, one).equals("closed"));
    }
  }

  private static long chats(Sims s) {
    return s.sim('a').requests().stream().filter(q -> q.path().contains("chat")).count();
  }

  private static String state(Sims s, Gateway g) throws Exception {
    return Json.MAPPER.readTree(s.get(g, BREAKER).body()).path("state").asText().toLowerCase();
  }
}
