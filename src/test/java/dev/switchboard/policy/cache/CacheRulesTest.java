package dev.switchboard.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.CacheSpec;
import dev.switchboard.governance.KeyRecord;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheRulesTest {
  private static final RequestDirectives NONE = RequestDirectives.of(MultiMap.caseInsensitiveMultiMap());

  private static CacheRules rules(List<String> models, String label, boolean optIn) {
    return CacheRules.compile(new CacheSpec(true, "memory", Duration.ofHours(1), 1 << 20, 1 << 16,
        models, label, optIn));
  }

  private static KeyRecord key(Map<String, String> metadata) {
    return new KeyRecord("k", "h", "n", "u", "t", "d", "tenant", List.of(), 0, false, metadata);
  }

  private static RequestDirectives headers(String... nameValue) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.add(nameValue[i], nameValue[i + 1]);
    }
    return RequestDirectives.of(m);
  }

  @Test
  void modelPatternsMatchWholeNamesWithStars() {
    CacheRules r = rules(List.of("gpt-4o*", "exact", "*-mini"), "cache", true);
    assertThat(r.applies("gpt-4o", null, NONE)).isTrue();
    assertThat(r.applies("gpt-4o-2024", null, NONE)).isTrue();
    assertThat(r.applies("exact", null, NONE)).isTrue();
    assertThat(r.applies("exactly", null, NONE)).isFalse();
    assertThat(r.applies("o3-mini", null, NONE)).isTrue();
    assertThat(r.applies("x.gpt-4o", null, NONE)).as("dots are literal, no regex").isFalse();
    assertThat(r.applies(null, null, NONE)).isFalse();
  }

  @Test
  void theRequestWinsThenTheKeyThenTheModel() {
    CacheRules r = rules(List.of("listed"), "cache", true);
    assertThat(r.applies("listed", null, headers("X-Switchboard-Cache", "off"))).isFalse();
    assertThat(r.applies("other", null, headers("x-switchboard-cache", "on"))).isTrue();
    assertThat(r.applies("other", key(Map.of("cache", "true")), NONE)).isTrue();
    assertThat(r.applies("listed", key(Map.of("cache", "false")), NONE)).isFalse();
    assertThat(r.applies("listed", key(Map.of("cache", "false")),
        headers("X-Switchboard-Cache", "on"))).isTrue();
    assertThat(r.applies("listed", key(Map.of("team", "x")), NONE)).isTrue();
  }

  @Test
  void requestOptInAndKeyLabelsCanBeTurnedOff() {
    CacheRules r = rules(List.of(), "", false);
    assertThat(r.applies("m", key(Map.of("cache", "true")), headers("X-Switchboard-Cache", "on")))
        .isFalse();
    assertThat(r.applies("m", null, headers("X-Switchboard-Cache", "off"))).isFalse();
  }

  @Test
  void cacheControlDirectives() {
    assertThat(NONE.read()).isTrue();
    assertThat(NONE.write()).isTrue();
    assertThat(NONE.maxAgeMillis()).isEqualTo(-1);
    RequestDirectives noStore = headers("Cache-Control", "No-Store");
    assertThat(noStore.read()).isFalse();
    assertThat(noStore.write()).isFalse();
    RequestDirectives noCache = headers("Cache-Control", "no-cache");
    assertThat(noCache.read()).isFalse();
    assertThat(noCache.write()).isTrue();
    assertThat(headers("Cache-Control", "public, max-age=30").maxAgeMillis()).isEqualTo(30_000);
    assertThat(headers("Cache-Control", "max-age=soon").maxAgeMillis())
        .as("a malformed max-age is ignored").isEqualTo(-1);
  }
}
