package dev.switchboard.resilience.health;

import dev.switchboard.config.ProviderSpec;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What one provider's health probe sends: the cheapest authenticated call its API offers, listing
 * the models. OpenAI-style providers get {@code GET {base_url}/models} with {@code Authorization:
 * Bearer <first key>}; anthropic gets {@code GET {base_url}/v1/models} with {@code x-api-key}
 * and {@code anthropic-version}; gemini gets {@code GET {base_url}/v1beta/models} with
 * {@code x-goog-api-key}; azure gets
 * {@code GET {base_url}/openai/models?api-version=<version>} with an {@code api-key} header. The provider's extra headers go along, as on real requests.
 *
 * <p>Immutable in use: the headers are built once and never modified afterwards, so probes on any
 * thread may share them.
 *
 * @param provider the provider's name
 * @param uri absolute URI to GET
 * @param headers request headers (case-insensitive)
 */
record ProbeTarget(String provider, String uri, MultiMap headers) {

  static ProbeTarget of(ProviderSpec spec) {
    String base = spec.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String key = !spec.apiKeys().isEmpty() ? spec.apiKeys().get(0)
        : spec.apiKey() == null ? "" : spec.apiKey();
    MultiMap headers = HttpHeaders.headers();
    for (Map.Entry<String, String> h : spec.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    headers.set(HttpHeaders.ACCEPT, "application/json");
    String uri;
    if ("azure".equals(spec.type())) {
      String version = spec.apiVersion() == null ? "" : spec.apiVersion();
      uri = base + "/openai/models"
          + (version.isEmpty() ? "" : "?api-version=" + URLEncoder.encode(version,
              StandardCharsets.UTF_8));
      if (!key.isEmpty()) {
        headers.set("api-key", key);
      }
    } else if ("anthropic".equals(spec.type())) {
      uri = (base.endsWith("/v1") ? base : base + "/v1") + "/models";
      headers.set("anthropic-version", "2023-06-01");
      if (!key.isEmpty()) {
        headers.set("x-api-key", key);
      }
    } else if ("gemini".equals(spec.type())) {
      uri = (base.endsWith("/v1beta") ? base : base + "/v1beta") + "/models";
      if (!key.isEmpty()) {
        headers.set("x-goog-api-key", key);
      }
    } else {
      uri = base + "/models";
      if (!key.isEmpty()) {
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + key);
      }
    }
    return new ProbeTarget(spec.name(), uri, headers);
  }
}
