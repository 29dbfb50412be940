package dev.switchboard.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of adapters by provider type ({@code openai}, {@code azure} …), filled by the
 * composition root. Immutable.
 */
public final class Adapters {
  private final Map<String, ProviderAdapter> byType;

  public Adapters(Map<String, ProviderAdapter> byType) {
    this.byType = Map.copyOf(byType);
  }

  public Optional<ProviderAdapter> forType(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Set<String> types() {
    return byType.keySet();
  }
}
