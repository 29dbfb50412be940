package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/**
 * One upstream endpoint and its credentials ({@code providers.<name>:} in YAML). Immutable.
 *
 * @param name the key under {@code providers:}
 * @param type the API family: {@code openai}, {@code azure}, {@code anthropic}, {@code gemini} or
 *     {@code bedrock} (validated against
 *     {@link ConfigLoader#KNOWN_PROVIDER_TYPES})
 * @param baseUrl {@code base_url} without a trailing slash, e.g. {@code https://api.openai.com/v1};
 *     for azure the resource endpoint, e.g. {@code https://myres.openai.azure.com}
 * @param apiKey {@code api_key}, may be empty (local servers such as Ollama need none)
 * @param apiVersion {@code api_version}: azure's {@code api-version} query value (default
 *     {@code 2024-10-21}); empty for other types
 * @param headers {@code headers}: extra headers sent on every upstream request
 * @param apiKeys every key of this provider, {@code apiKey} first: {@code api_key} and/or
 *     {@code api_keys}; requests rotate to the next key when the provider answers 429 or 401.
 *     Empty when the provider needs no key
 * @param breaker the effective circuit-breaker thresholds for this provider's deployments (the
 *     global ones overridden field by field by {@code circuit_breaker:})
 * @param bedrock region and SigV4 credentials of a {@code type: bedrock} provider; null for other
 *     types
 */
public record ProviderSpec(
    String name,
    String type,
    String baseUrl,
    String apiKey,
    String apiVersion,
    Map<String, String> headers,
    List<String> apiKeys,
    BreakerSpec breaker,
    BedrockSpec bedrock) {

  public ProviderSpec {
    headers = Map.copyOf(headers);
    apiKeys = List.copyOf(apiKeys);
  }

  /** A provider of any type but bedrock. */
  public ProviderSpec(String name, String type, String baseUrl, String apiKey, String apiVersion,
      Map<String, String> headers, List<String> apiKeys, BreakerSpec breaker) {
    this(name, type, baseUrl, apiKey, apiVersion, headers, apiKeys, breaker, null);
  }

  /** A provider with at most one key and the default breaker thresholds. */
  public ProviderSpec(String name, String type, String baseUrl, String apiKey, String apiVersion,
      Map<String, String> headers) {
    this(name, type, baseUrl, apiKey, apiVersion, headers,
        apiKey == null || apiKey.isEmpty() ? List.of() : List.of(apiKey), BreakerSpec.defaults());
  }
}
