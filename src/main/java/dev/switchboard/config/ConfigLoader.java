package dev.switchboard.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a YAML file (or, without one, the environment) into a validated {@link GatewayConfig}.
 *
 * <p>Steps: parse YAML into a tree; read each section with {@link NodeReader}, expanding
 * {@code ${VAR}} references in scalar strings and collecting every problem with its path; apply the
 * {@code SWITCHBOARD_*} overrides; then either return the snapshot or throw one
 * {@link ConfigException} listing all problems. The tree is walked by hand rather than bound with
 * Jackson databind because binding stops at the first error.
 *
 * <p>Pure: no I/O besides reading the given file, no logging, no global state; safe to call from
 * any thread (a reload simply calls it again and swaps the snapshot).
 */
public final class ConfigLoader {
  /** Provider {@code type}s an adapter exists for. Adding one is adding its name here. */
  public static final Set<String> KNOWN_PROVIDER_TYPES =
      Set.of("openai", "azure", "anthropic", "gemini", "bedrock");

  // Duplicate keys are an error: with last-wins, the first of two "api_key:" lines silently loses.
  /** Built on first use: a start without a file never pays for the YAML machinery. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
  }

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");

  private ConfigLoader() {}

  /**
   * Loads {@code fileOrNull}, or the embedded defaults when it is null.
   *
   * @param env the environment for {@code ${VAR}} references, overrides and embedded defaults
   *     (pass {@code System.getenv()} in production, a map in tests)
   * @throws ConfigException listing every problem, including an unreadable file
   */
  public static GatewayConfig load(Path fileOrNull, Map<String, String> env) {
    if (fileOrNull == null) {
      return embeddedDefaults(env);
    }
    String source = fileOrNull.toString();
    String text;
    try {
      text = Files.readString(fileOrNull);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of(source + ": config file not found"));
    } catch (MalformedInputException e) {
      throw new ConfigException(source, List.of(source + ": config file is not valid UTF-8"));
    } catch (IOException e) {
      throw new ConfigException(source, List.of(source + ": cannot read config file: " + e));
    }
    return fromYaml(text, env, source);
  }

  /**
   * Parses and validates {@code yaml}. An empty document, or one with only comments, yields all
   * defaults and no providers or models.
   *
   * @param source where the text came from, recorded in the snapshot and in error messages
   * @throws ConfigException listing every problem
   */
  public static GatewayConfig fromYaml(String yaml, Map<String, String> env, String source) {
    JsonNode tree;
    try {
      tree = Yaml.MAPPER.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException(source, List.of(syntaxError(e)));
    }
    List<String> errors = new ArrayList<>();
    NodeReader root = NodeReader.root(tree, env, errors);
    ServerSpec server = ServerSection.readServer(root);
    UpstreamSpec upstream = ServerSection.readUpstream(root);
    // before providers: each provider's circuit_breaker is laid over the global one
    RoutingSpec routing = RoutingSection.read(root);
    Map<String, ProviderSpec> providers = ProvidersSection.read(root, routing.breaker());
    Map<String, ModelSpec> models = ModelsSection.read(root, providers);
    StorageSpec storage = StorageSection.read(root, env);
    PolicySpec policies = new PolicySpec(TransformsSection.read(root),
        GuardrailsSection.read(root), CacheSection.read(root));
    root.rejectUnknownFields();
    server = EnvOverrides.apply(server, env, errors);
    CacheSection.checkBackend(policies.cache(), server.redisUrl(), errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
    return new GatewayConfig(server, upstream, providers, models, routing, storage, policies,
        source);
  }

  /**
   * The configuration without a file: default settings, one provider per well-known service whose
   * variables are set (see {@link WellKnownProviders}), and no models, so clients address models
   * as {@code provider/model}.
   */
  private static GatewayConfig embeddedDefaults(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    RoutingSpec routing = RoutingSpec.defaults();
    Map<String, ProviderSpec> providers =
        WellKnownProviders.fromEnvironment(env, routing.breaker(), errors);
    ServerSpec server = EnvOverrides.apply(ServerSpec.defaults(), env, errors);
    String source = providers.isEmpty()
        ? "embedded defaults (no providers configured)"
        : "embedded defaults (providers from environment: "
            + String.join(", ", providers.keySet()) + ")";
    if (!errors.isEmpty()) {
      throw new ConfigException("embedded defaults", errors);
    }
    return new GatewayConfig(server, UpstreamSpec.defaults(), providers, Map.of(), routing,
        StorageSection.withEnv(StorageSpec.defaults(), env), PolicySpec.defaults(), source);
  }

  /** One line naming where the YAML broke and why, without SnakeYAML's multi-line snippet. */
  private static String syntaxError(JacksonException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark at = m.getProblemMark();
      String context = m.getContext() == null || m.getContextMark() == null ? ""
          : " (" + m.getContext() + " started at line " + (m.getContextMark().getLine() + 1)
              + ", column " + (m.getContextMark().getColumn() + 1) + ")";
      return "yaml syntax error at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1)
          + ": " + m.getProblem() + context;
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = String.valueOf(e.getOriginalMessage());
    Matcher dup = DUPLICATE.matcher(message);
    if (dup.find()) {
      return "yaml" + where + ": duplicate key '" + dup.group(1) + "'";
    }
    return "yaml syntax error" + where + ": " + message.lines().findFirst().orElse("");
  }
}
