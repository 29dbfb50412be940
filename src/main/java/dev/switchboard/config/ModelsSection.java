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
 * the model. Stateless; each call works only on the reader it is given.
 */
final class ModelsSection {
  private static final int MAX_WEIGHT = 1_000_000;

  private ModelsSection() {}

  static Map<String, ModelSpec> read(NodeReader root, Map<String, ProviderSpec> providers) {
    Map<String, ModelSpec> out = new LinkedHashMap<>();
    root.objectEntries("models").forEach((name, r) -> {
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        r.errorHere("model name must not be empty or contain whitespace");
      }
      out.put(name, new ModelSpec(name, readDeployments(name, r, providers)));
      r.rejectUnknownFields();
    });
    return out;
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
