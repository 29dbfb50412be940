package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code models:} into {@link ModelSpec}s and checks each deployment names a declared
 * provider. Accepts the full form ({@code deployments: [{provider, model, weight}, ...]}) and, for
 * the common single-deployment case, the shorthand {@code {provider, model, weight}} directly under
 * the model; either form goes with the routing fields ({@code aliases}, {@code strategy},
 * {@code context_window}, {@code pricing}, {@code fallbacks}, {@code context_window_fallback},
 * {@code content_policy_fallback}), whose cross-model names {@link ModelReferences} checks once
 * every model is read. Stateless; each call works only on the reader it is given.
 */
final class ModelsSection {
  private static final int MAX_WEIGHT = 1_000_000;
  private static final String PRICE = "a number of at least 0 (USD per million tokens)";

  private ModelsSection() {}

  static Map<String, ModelSpec> read(NodeReader root, Map<String, ProviderSpec> providers) {
    Map<String, ModelSpec> out = new LinkedHashMap<>();
    List<ModelReferences.Entry> entries = new ArrayList<>();
    root.objectEntries("models").forEach((name, r) -> {
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        r.errorHere("model name must not be empty or contain whitespace");
      }
      List<DeploymentSpec> deployments = readDeployments(name, r, providers);
      List<NodeReader.Item> aliases = r.stringList("aliases");
      String strategy = RoutingSection.readStrategy(r, "");
      int contextWindow = r.integer("context_window", 0, 0, Integer.MAX_VALUE);
      Pricing pricing = readPricing(r);
      List<NodeReader.Item> fallbacks = r.stringList("fallbacks");
      Optional<NodeReader.Item> contextFallback = optionalName(r, "context_window_fallback");
      Optional<NodeReader.Item> contentFallback = optionalName(r, "content_policy_fallback");
      r.rejectUnknownFields();
      out.put(name, new ModelSpec(name, deployments, values(aliases), strategy, contextWindow,
          pricing, values(fallbacks), contextFallback.map(NodeReader.Item::value).orElse(""),
          contentFallback.map(NodeReader.Item::value).orElse("")));
      List<NodeReader.Item> references = new ArrayList<>(fallbacks);
      contextFallback.ifPresent(references::add);
      contentFallback.ifPresent(references::add);
      entries.add(new ModelReferences.Entry(name, r, aliases, references));
    });
    ModelReferences.check(entries, providers.keySet());
    return out;
  }

  /** The trimmed values; blank ones are left out (and reported by {@link ModelReferences}). */
  private static List<String> values(List<NodeReader.Item> items) {
    return items.stream().map(i -> i.value().trim()).filter(v -> !v.isEmpty()).toList();
  }

  /** A single model name; empty when absent or blank, so {@code ${FALLBACK:-}} means none. */
  private static Optional<NodeReader.Item> optionalName(NodeReader r, String field) {
    return r.string(field).map(String::trim).filter(v -> !v.isEmpty())
        .map(v -> new NodeReader.Item(v, field));
  }

  /** The model's own prices, or null when it gives none (the catalog may know them). */
  private static Pricing readPricing(NodeReader r) {
    JsonNode raw = r.raw("pricing");
    NodeReader p = r.object("pricing"); // reports a pricing that is not a mapping
    if (raw == null || !raw.isObject()) {
      return null;
    }
    double input = requiredPrice(p, "input");
    double output = requiredPrice(p, "output");
    // absent means "no discount / no surcharge": the provider bills them like input and output
    double cachedInput = p.number("cached_input", input, v -> v >= 0, PRICE);
    double cacheWriteInput = p.number("cache_write_input", input, v -> v >= 0, PRICE);
    double cacheWriteLongInput =
        p.number("cache_write_1h_input", cacheWriteInput, v -> v >= 0, PRICE);
    double reasoning = p.number("reasoning", output, v -> v >= 0, PRICE);
    p.rejectUnknownFields();
    return new Pricing(input, output, cachedInput, cacheWriteInput, cacheWriteLongInput, reasoning);
  }

  private static double requiredPrice(NodeReader p, String field) {
    if (!p.present(field)) {
      p.error(field, "required: " + PRICE);
      return 0;
    }
    return p.number(field, 0, v -> v >= 0, PRICE);
  }

  private static List<DeploymentSpec> readDeployments(
      String model, NodeReader r, Map<String, ProviderSpec> providers) {
    // Ask about every field up front so none of them is later reported as unknown.
    JsonNode list = r.raw("deployments");
    boolean shorthand = r.present("provider") | r.present("model") | r.present("weight");
    if (shorthand && list != null) {
      r.errorHere("use either 'deployments' or 'provider'/'model'/'weight' directly, not both");
      return List.of();
    }
    if (shorthand) {
      return List.of(readDeployment(model, r, providers));
    }
    if (list == null || (list.isArray() && list.isEmpty())) {
      r.error("deployments", "must list at least one deployment");
      return List.of();
    }
    List<DeploymentSpec> out = new ArrayList<>();
    r.forEachObject("deployments", d -> {
      out.add(readDeployment(model, d, providers));
      d.rejectUnknownFields();
    });
    return out;
  }

  private static DeploymentSpec readDeployment(
      String model, NodeReader d, Map<String, ProviderSpec> providers) {
    String provider = "";
    if (!d.present("provider")) {
      d.error("provider", "required: the name of an entry under providers");
    } else {
      // empty when of the wrong type or not interpolated: already reported
      Optional<String> read = d.string("provider").map(String::trim);
      provider = read.orElse("");
      if (read.isPresent() && provider.isEmpty()) {
        d.error("provider", "must not be empty");
      } else if (!provider.isEmpty() && !providers.containsKey(provider)) {
        d.error("provider", "unknown provider '" + provider + "' (known: "
            + (providers.isEmpty() ? "none, declare it under providers"
                : String.join(", ", providers.keySet())) + ")");
      }
    }
    // An empty model (model: ${MODEL:-}) falls back to the client-facing name, like an absent one.
    String upstreamModel = d.string("model", "").trim();
    int weight = d.integer("weight", 1, 1, MAX_WEIGHT);
    return new DeploymentSpec(provider, upstreamModel.isEmpty() ? model : upstreamModel, weight);
  }
}
