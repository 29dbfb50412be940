package dev.switchboard.config;

import java.util.Map;

/**
 * One upstream endpoint and its credentials ({@code providers.<name>:} in YAML). Immutable.
 *
 * @param name the key under {@code providers:}
 * @param type the API family: {@code openai} or {@code azure} for now (validated against
 *     {@link ConfigLoader#KNOWN_PROVIDER_TYPES})
 * @param baseUrl {@code base_url} without a trailing slash, e.g. {@code https://api.openai.com/v1};
 *     for azure the resource endpoint, e.g. {@code https://myres.openai.azure.com}
 * @param apiKey {@code api_key}, may be empty (local servers such as Ollama need none)
 * @param apiVersion {@code api_version}: azure's {@code api-version} query value (default
 *     {@code 2024-10-21}); empty for other types
 * @param headers {@code headers}: extra headers sent on every upstream request
 */
public record ProviderSpec(
    String name,
    String type,
    String baseUrl,
    String apiKey,
    String apiVersion,
    Map<String, String> headers) {

  public ProviderSpec {
    headers = Map.copyOf(headers);
  }
}
