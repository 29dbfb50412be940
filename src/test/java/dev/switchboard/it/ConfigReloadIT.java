package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/config/reload}: models, aliases and prices change without a restart, the
 * cached catalog views follow, and a broken or restart-only change leaves the running
 * configuration untouched.
 */
class ConfigReloadIT {
  @TempDir
  Path dir;

  private static String config(Sims s, String models) {
    return """
        server: {host: 127.0.0.1, port: 0, event_loops: 1}
        routing: {health: {probes: false}}
        """ + s.providers() + "models:\n" + models;
  }

  @Test
  void modelsChangeOnReloadAndBadFilesChangeNothing() throws Exception {
    try (Sims s = Sims.start(1)) {
      Path file = dir.resolve("gateway.yaml");
      Files.writeString(file, config(s, "  a: {provider: sim-a, model: gpt-4o-mini}\n"));
      Gateway g = s.gatewayFromFile(file);
      assertThat(s.chat(g, "a").statusCode()).isEqualTo(200);
      assertThat(s.chat(g, "b").statusCode()).isEqualTo(404);
      assertThat(s.get(g, "/models").body()).doesNotContain("\"b\"");

      Files.writeString(file, config(s, """
            a: {provider: sim-a, model: gpt-4o-mini}
            b: {provider: sim-a, model: gpt-4o, aliases: [bee], pricing: {input: 3, output: 9}}
          """));
      var reload = s.post(g, "/admin/config/reload", "");
      assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(reload.body()).path("models").asInt()).isEqualTo(2);
      assertThat(s.chat(g, "bee").statusCode()).isEqualTo(200);
      assertThat(s.get(g, "/v1/models").body()).contains("\"bee\"");
      assertThat(s.get(g, "/models").body()).as("the cached view was invalidated")
          .contains("\"b\"").contains("9.0");
      assertThat(s.get(g, "/metrics").body())
          .containsPattern("catalog_cache_invalidations_total(\\{[^}]*\\})? [1-9]");

      Files.writeString(file, config(s, "  c: {provider: nowhere}\n"));
      var broken = s.post(g, "/admin/config/reload", "");
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(broken.body()).contains("models.c.provider");
      assertThat(s.chat(g, "bee").statusCode()).as("still the old models").isEqualTo(200);

      Files.writeString(file, config(s, "  a: {provider: sim-a}\n")
          .replace("type: openai", "type: openai\n    api_key: changed"));
      var restart = s.post(g, "/admin/config/reload", "");
      assertThat(restart.statusCode()).isEqualTo(400);
      assertThat(restart.body()).contains("providers").contains("restart");
      assertThat(s.chat(g, "b").statusCode()).isEqualTo(200);
    }
  }
}
