package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static GatewayConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  static GatewayConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, env, "test.yaml");
  }

  static List<String> errors(String yaml) {
    return errors(yaml, Map.of());
  }

  static List<String> errors(String yaml, Map<String, String> env) {
    try {
      load(yaml, env);
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void emptyOrCommentOnlyDocumentsMeanAllDefaults() {
    for (String yaml : List.of("", "   \n", "# nothing here\n# at all\n", "---\n")) {
      GatewayConfig c = load(yaml);
      assertThat(c.server()).isEqualTo(ServerSpec.defaults());
      assertThat(c.upstream()).isEqualTo(UpstreamSpec.defaults());
      assertThat(c.providers()).isEmpty();
      assertThat(c.models()).isEmpty();
      assertThat(c.source()).isEqualTo("test.yaml");
    }
  }

  @Test
  void emptySectionsMeanDefaults() {
    GatewayConfig c = load("server:\nupstream: {}\nproviders:\nmodels: {}\n");
    assertThat(c.server()).isEqualTo(ServerSpec.defaults());
    assertThat(c.upstream()).isEqualTo(UpstreamSpec.defaults());
  }

  @Test
  void readsEveryServerAndUpstreamField() {
    GatewayConfig c = load("""
        server:
          host: 127.0.0.1
          port: 8080
          master_key: sk-master
          max_body_bytes: 512kb
          client_idle_timeout: 90s
          shutdown_grace: 0
          slow_request_threshold: 1500ms
          access_log: false
          event_loops: 4
        upstream:
          connect_timeout: 2s
          first_byte_timeout: 2m
          idle_timeout: 45
          total_timeout: 1h
          max_connections_per_host: 64
        """);
    assertThat(c.server()).isEqualTo(new ServerSpec("127.0.0.1", 8080, "sk-master", 512 * 1024,
        Duration.ofSeconds(90), Duration.ZERO, Duration.ofMillis(1500), false, 4, ""));
    assertThat(c.server().hasMasterKey()).isTrue();
    assertThat(c.upstream()).isEqualTo(new UpstreamSpec(Duration.ofSeconds(2),
        Duration.ofMinutes(2), Duration.ofSeconds(45), Duration.ofHours(1), 64));
  }

  @Test
  void badPortNamesPathAndValue() {
    assertThat(errors("server:\n  port: abc\n"))
        .containsExactly("server.port: must be an integer between 0 and 65535, got 'abc'");
    assertThat(errors("server:\n  port: 70000\n"))
        .containsExactly("server.port: must be an integer between 0 and 65535, got '70000'");
  }

  @Test
  void wrongTypesNameTheExpectedType() {
    assertThat(errors("server:\n  port: [1, 2]\n"))
        .containsExactly("server.port: expected an integer, got a list");
    assertThat(errors("server: 8080\n"))
        .containsExactly("server: expected a mapping, got a number");
    assertThat(errors("server:\n  access_log: maybe\n"))
        .containsExactly("server.access_log: must be true or false, got 'maybe'");
    assertThat(errors("server:\n  host: {a: 1}\n"))
        .containsExactly("server.host: expected a string, got a mapping");
    assertThat(errors("- server\n"))
        .containsExactly("(root): expected a mapping of sections (server, upstream, routing,"
            + " providers, models, storage), got a list");
  }

  @Test
  void badDurationsAndSizes() {
    assertThat(errors("""
        server:
          client_idle_timeout: soon
          max_body_bytes: huge
          slow_request_threshold: 0s
        upstream:
          max_connections_per_host: 0
        """)).containsExactly(
        "server.max_body_bytes: must be " + Units.SIZE_FORMS + ", got 'huge'",
        "server.client_idle_timeout: must be " + Units.DURATION_FORMS + ", got 'soon'",
        "server.slow_request_threshold: must be greater than zero, got '0s'",
        "upstream.max_connections_per_host: must be an integer between 1 and 100000, got '0'");
  }

  @Test
  void unknownFieldsAreErrorsWithASuggestion() {
    assertThat(errors("server:\n  master_kye: x\n"))
        .containsExactly("server.master_kye: unknown field (did you mean 'master_key'?)");
    assertThat(errors("servr:\n  port: 1\n"))
        .containsExactly("servr: unknown field (did you mean 'server'?)");
    assertThat(errors("limits: {}\n")).containsExactly("limits: unknown field (expected one of:"
        + " cache, guardrails, models, providers, routing, server, storage, transformations,"
        + " upstream)");
  }

  @Test
  void yamlSyntaxErrorsReportLineAndColumn() {
    List<String> e = errors("server:\n  port: 1\n  host: a: b\n");
    assertThat(e).hasSize(1);
    assertThat(e.get(0)).startsWith("yaml syntax error at line 3, column 10: ");
    assertThat(errors("server:\n  port: [1, 2\n").get(0)).startsWith("yaml syntax error at line");
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThat(errors("server:\n  port: 1\n  port: 2\n").get(0))
        .startsWith("yaml at line 3").endsWith("duplicate key 'port'");
  }

  @Test
  void severalErrorsAreReportedTogether() {
    ConfigException e = (ConfigException) catchThrowable("""
        server:
          port: abc
          master_kye: x
        providers:
          openai:
            type: opneai
            base_url: not a url
        models:
          x:
            deployments: []
        """);
    assertThat(e.errors()).containsExactly(
        "server.port: must be an integer between 0 and 65535, got 'abc'",
        "server.master_kye: unknown field (did you mean 'master_key'?)",
        "providers.openai.type: unknown type 'opneai' (expected one of: anthropic, azure, bedrock, gemini, openai)",
        "providers.openai.base_url: must be an absolute http(s) URL, got 'not a url'",
        "models.x.deployments: must list at least one deployment");
    assertThat(e.getMessage()).startsWith("invalid configuration test.yaml (5 problems):")
        .contains("  server.port: must be");
  }

  private static Throwable catchThrowable(String yaml) {
    return org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
  }

  @Test
  void interpolatesScalarsAfterParsing() {
    Map<String, String> env = Map.of("KEY", "a: b # not a comment", "LOG", "FALSE");
    GatewayConfig c = load("""
        server:
          port: ${PORT:-4001}
          master_key: ${KEY}
          access_log: ${LOG}
          shutdown_grace: ${GRACE:-5s}
        """, env);
    assertThat(c.server().port()).isEqualTo(4001);
    assertThat(c.server().masterKey()).isEqualTo("a: b # not a comment");
    assertThat(c.server().accessLog()).isFalse();
    assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void unsetVariableIsAnErrorAtItsPath() {
    assertThat(errors("""
        providers:
          openai:
            api_key: ${OPENAI_API_KEY}
        """)).containsExactly("providers.openai.api_key: environment variable OPENAI_API_KEY is"
        + " not set (use ${OPENAI_API_KEY:-} to allow empty)");
  }

  @Test
  void badInterpolatedValueShowsWhereItCameFrom() {
    assertThat(errors("server:\n  port: ${PORT}\n", Map.of("PORT", "eighty")))
        .containsExactly("server.port: must be an integer between 0 and 65535, got 'eighty'"
            + " (from '${PORT}')");
  }

  @Test
  void environmentOverridesTheEssentials() {
    Map<String, String> env = Map.of("SWITCHBOARD_HOST", "127.0.0.2", "SWITCHBOARD_PORT", "9000",
        "SWITCHBOARD_MASTER_KEY", "sk-env");
    GatewayConfig c = load("server:\n  host: 0.0.0.0\n  port: 1\n  master_key: sk-file\n", env);
    assertThat(c.server().host()).isEqualTo("127.0.0.2");
    assertThat(c.server().port()).isEqualTo(9000);
    assertThat(c.server().masterKey()).isEqualTo("sk-env");
  }

  @Test
  void blankOverridesAreIgnored() {
    Map<String, String> env = Map.of("SWITCHBOARD_MASTER_KEY", "", "SWITCHBOARD_PORT", " ");
    GatewayConfig c = load("server:\n  master_key: sk-file\n  port: 1234\n", env);
    assertThat(c.server().masterKey()).isEqualTo("sk-file");
    assertThat(c.server().port()).isEqualTo(1234);
  }

  @Test
  void nonNumericPortOverrideNamesTheVariable() {
    assertThat(errors("", Map.of("SWITCHBOARD_PORT", "abc")))
        .containsExactly("SWITCHBOARD_PORT: must be an integer between 0 and 65535, got 'abc'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_PORT", "99999")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_PORT");
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "server:\n  port: 4100\n");
    GatewayConfig c = ConfigLoader.load(file, Map.of());
    assertThat(c.server().port()).isEqualTo(4100);
    assertThat(c.source()).isEqualTo(file.toString());
  }

  @Test
  void missingOrUnreadableFileIsAClearError(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors())
            .containsExactly(missing + ": config file not found"));
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read config file");
    Path binary = dir.resolve("bin.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
    assertThatThrownBy(() -> ConfigLoader.load(binary, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void knownProviderTypes() {
    assertThat(ConfigLoader.KNOWN_PROVIDER_TYPES).contains("openai", "azure");
  }
}
