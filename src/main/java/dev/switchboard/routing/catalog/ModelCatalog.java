package dev.switchboard.routing.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.config.Pricing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped catalog of well-known models ({@code models.yaml} next to this class): context
 * windows and list prices, looked up by the model names that real traffic carries.
 *
 * <p>Threading: immutable after construction apart from the bounded lookup cache, which is
 * thread-safe; share one instance between all event loops.
 */
public final class ModelCatalog {
  /** Where the shipped file lives on the classpath. */
  public static final String RESOURCE = "/dev/switchboard/routing/catalog/models.yaml";

  /** Distinct tolerant lookups remembered; names beyond it are resolved again (still cheap). */
  static final int LOOKUP_CACHE_SIZE = 4096;
  /** Longer names are not model names; refusing them keeps junk out of the lookup cache. */
  private static final int MAX_NAME_LENGTH = 256;
  /**
   * One strippable suffix: -latest, -preview, a date (-2024-08-06, -20241022, Gemini's -05-20),
   * a 3-4 digit snapshot (-0613, Mistral's -2411, Gemini's -001, xAI's -1212) or Anthropic's -0
   * alias ending. The leftmost match wins, so a full date is removed whole.
   */
  private static final Pattern SUFFIX = Pattern.compile(
      "-(?:latest|preview|\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{2}-\\d{2}|\\d{3,4}|0)$");

  private final String source;
  private final String asOf;
  private final Map<String, CatalogEntry> byName;
  private final Map<String, Optional<CatalogEntry>> exact;
  private final Cache<String, Optional<CatalogEntry>> tolerant;

  private ModelCatalog(String source, String asOf, Map<String, CatalogEntry> byName) {
    this.source = source;
    this.asOf = asOf;
    this.byName = Collections.unmodifiableMap(byName);
    Map<String, Optional<CatalogEntry>> optionals = new LinkedHashMap<>();
    byName.forEach((name, entry) -> optionals.put(name, Optional.of(entry)));
    // Pre-built Optionals: an exact hit, the common case, allocates nothing.
    this.exact = Map.copyOf(optionals);
    // Same-thread maintenance: eviction work stays on the caller instead of the common pool.
    this.tolerant = Caffeine.newBuilder()
        .maximumSize(LOOKUP_CACHE_SIZE)
        .executor(Runnable::run)
        .build();
  }

  /** The catalog shipped with the gateway, loaded once on first use. */
  public static ModelCatalog shipped() {
    return Shipped.INSTANCE;
  }

  /**
   * A catalog parsed from YAML text of the shipped file's shape.
   *
   * @throws IllegalArgumentException when the text is not a valid catalog
   */
  public static ModelCatalog fromYaml(String yaml) {
    try {
      YAMLMapper mapper = new YAMLMapper();
      // A model listed twice is a mistake in the file, not an override.
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return fromTree(mapper.readTree(yaml));
    } catch (IOException e) {
      throw new IllegalArgumentException("model catalog: not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Who published the prices: the providers' pricing pages the file was written from. */
  public String source() {
    return source;
  }

  /** The date the prices were taken from those pages (ISO yyyy-mm-dd). */
  public String asOf() {
    return asOf;
  }

  /** Every entry, in file order. */
  public Collection<CatalogEntry> entries() {
    return byName.values();
  }

  /**
   * The entry for a model name as clients or deployments spell it: the exact name first, then
   * lower-cased, without a {@code provider/} prefix, Claude's dotted versions as dashes
   * ({@code claude-3.5-sonnet}), and with dated or {@code -latest} suffixes stripped one at a
   * time. Results of the tolerant path, misses included, are cached.
   */
  public Optional<CatalogEntry> find(String model) {
    if (model == null || model.isEmpty() || model.length() > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    Optional<CatalogEntry> hit = exact.get(model);
    if (hit != null) {
      return hit;
    }
    return tolerant.get(model, this::resolve);
  }

  private Optional<CatalogEntry> resolve(String model) {
    String name = model.strip().toLowerCase(Locale.ROOT);
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.startsWith("claude")) {
      name = name.replace('.', '-');
    }
    while (!name.isEmpty()) {
      CatalogEntry entry = byName.get(name);
      if (entry != null) {
        return Optional.of(entry);
      }
      Matcher m = SUFFIX.matcher(name);
      if (!m.find()) {
        return Optional.empty();
      }
      name = name.substring(0, m.start());
    }
    return Optional.empty();
  }

  private static ModelCatalog fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("model catalog: expected a mapping at the top");
    }
    String source = requiredText(root, "source", "model catalog");
    String asOf = requiredText(root, "as_of", "model catalog");
    JsonNode models = root.path("models");
    if (!models.isObject() || models.isEmpty()) {
      throw new IllegalArgumentException("model catalog: 'models' must be a non-empty mapping");
    }
    Map<String, CatalogEntry> byName = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : models.properties()) {
      byName.put(field.getKey(), entry(field.getKey(), field.getValue()));
    }
    return new ModelCatalog(source, asOf, byName);
  }

  private static CatalogEntry entry(String name, JsonNode node) {
    String where = "model catalog: models." + name;
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(where + ": names must be lower case");
    }
    String family = requiredText(node, "family", where);
    int context = node.path("context_window").asInt(0);
    if (context <= 0) {
      throw new IllegalArgumentException(where + ".context_window: must be a positive integer");
    }
    int maxOutput = node.path("max_output_tokens").asInt(0);
    if (maxOutput < 0) {
      throw new IllegalArgumentException(where + ".max_output_tokens: must not be negative");
    }
    return new CatalogEntry(name, family, context, maxOutput, pricing(node.path("pricing"), where));
  }

  private static Pricing pricing(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ".pricing: required mapping");
    }
    double input = price(node, "input", where, Double.NaN);
    double output = price(node, "output", where, Double.NaN);
    // Unpublished cache and reasoning prices default the way Pricing.of does.
    double cached = price(node, "cached_input", where, input);
    double cacheWrite = price(node, "cache_write_input", where, input);
    double cacheWriteLong = price(node, "cache_write_1h_input", where, cacheWrite);
    double reasoning = price(node, "reasoning", where, output);
    return new Pricing(input, output, cached, cacheWrite, cacheWriteLong, reasoning);
  }

  private static double price(JsonNode pricing, String key, String where, double fallback) {
    JsonNode value = pricing.get(key);
    if (value == null && !Double.isNaN(fallback)) {
      return fallback;
    }
    if (value == null || !value.isNumber() || value.asDouble() < 0
        || !Double.isFinite(value.asDouble())) {
      throw new IllegalArgumentException(
          where + ".pricing." + key + ": must be a non-negative number (USD per million tokens)");
    }
    return value.asDouble();
  }

  private static String requiredText(JsonNode node, String key, String where) {
    JsonNode value = node.path(key);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": '" + key + "' is required text");
    }
    return value.asText().strip();
  }

  /** Holder idiom: the JVM loads the shipped file once, on first use, without locking after. */
  private static final class Shipped {
    static final ModelCatalog INSTANCE = load();

    private static ModelCatalog load() {
      try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("model catalog resource missing: " + RESOURCE);
        }
        return fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
