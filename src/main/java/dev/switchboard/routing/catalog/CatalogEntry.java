package dev.switchboard.routing.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.Pricing;
import java.util.Objects;

/**
 * One model of the shipped catalog: its provider family, limits and list prices. Immutable, so
 * safe to share between event loops.
 *
 * @param name the provider's model name, lower case (for example {@code gpt-4o})
 * @param family the provider whose prices these are ({@code openai}, {@code anthropic},
 *     {@code google}, {@code mistral}, {@code groq}, {@code deepseek}, {@code xai})
 * @param contextWindow tokens of prompt plus completion the model accepts; always positive
 * @param maxOutputTokens most completion tokens per request; 0 when unknown
 * @param pricing list prices in USD per million tokens; never null
 */
public record CatalogEntry(
    String name, String family, int contextWindow, int maxOutputTokens, Pricing pricing) {

  public CatalogEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(pricing, "pricing");
  }

  /** The entry as snake_case JSON, the shape the admin views render. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.put("family", family);
    node.put("context_window", contextWindow);
    node.put("max_output_tokens", maxOutputTokens);
    ObjectNode prices = node.putObject("pricing");
    prices.put("input", pricing.input());
    prices.put("output", pricing.output());
    prices.put("cached_input", pricing.cachedInput());
    prices.put("cache_write_input", pricing.cacheWriteInput());
    prices.put("cache_write_1h_input", pricing.cacheWriteLongInput());
    prices.put("reasoning", pricing.reasoning());
    return node;
  }
}
