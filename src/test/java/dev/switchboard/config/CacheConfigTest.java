package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.errors;
import static dev.switchboard.config.ConfigLoaderTest.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.provider.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cache:} section, from YAML and from the admin API's JSON. */
class CacheConfigTest {

  @Test
  void absentMeansOffAndAnEmptySectionMeansOnWithDefaults() {
    assertThat(load("").policies().cache()).isEqualTo(CacheSpec.defaults());
    assertThat(load("").policies().cache().enabled()).isFalse();
    CacheSpec on = load("cache: {}").policies().cache();
    assertThat(on.enabled()).isTrue();
    assertThat(on.backend()).isEqualTo("memory");
    assertThat(on.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(on.models()).isEmpty();
    assertThat(on.keyMetadata()).isEqualTo("cache");
  }

  @Test
  void readsEveryField() {
    CacheSpec c = load("""
        server:
          redis_url: redis://127.0.0.1:6379
        cache:
          enabled: true
          backend: Redis
          ttl: 15m
          max_bytes: 16MB
          max_entry_bytes: 64KB
          models: [gpt-4o-mini, "claude-*"]
          key_metadata: response_cache
          request_opt_in: false
        """).policies().cache();
    assertThat(c).isEqualTo(new CacheSpec(true, "redis", Duration.ofMinutes(15),
        16L * 1024 * 1024, 64L * 1024, List.of("gpt-4o-mini", "claude-*"), "response_cache",
        false));
  }

  @Test
  void mistakesAreNamedWithTheirPath() {
    assertThat(errors("""
        cache:
          backend: memcached
          ttl: 0s
          max_bytes: 1KB
          max_entry_bytes: 2KB
          models: ["gpt 4"]
          key_metadata: "bad label"
          tll: 1h
        """)).anySatisfy(e -> assertThat(e).startsWith("cache.backend: must be memory or redis"))
        .anySatisfy(e -> assertThat(e).startsWith("cache.ttl: must be greater than zero"))
        .anySatisfy(e -> assertThat(e).startsWith("cache.max_entry_bytes: must not be larger"))
        .anySatisfy(e -> assertThat(e).startsWith("cache.models[0]:"))
        .anySatisfy(e -> assertThat(e).startsWith("cache.key_metadata:"))
        .anySatisfy(e -> assertThat(e).contains("cache.tll").contains("ttl"));
  }

  @Test
  void theRedisBackendNeedsRedis() {
    assertThat(errors("cache: {backend: redis}")).containsExactly(
        "cache.backend: redis needs server.redis_url (or the REDIS_URL variable); set one, or use"
            + " backend: memory");
    assertThat(load("cache: {backend: redis}", Map.of("REDIS_URL", "redis://r:6379"))
        .policies().cache().redis()).isTrue();
  }

  @Test
  void theAdminApiReadsJsonWithTheSameChecks() throws Exception {
    CacheSpec s = CacheSpec.fromJson(Json.MAPPER.readTree("{\"models\":[\"m*\"],\"ttl\":\"5m\"}"),
        "");
    assertThat(s.models()).containsExactly("m*");
    assertThat(s.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> CacheSpec.fromJson(Json.MAPPER.readTree(
        "{\"ttl\":\"soon\",\"backend\":\"redis\"}"), ""))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .anySatisfy(m -> assertThat(m).startsWith("cache.ttl:"))
            .anySatisfy(m -> assertThat(m).startsWith("cache.backend:")));
  }
}
