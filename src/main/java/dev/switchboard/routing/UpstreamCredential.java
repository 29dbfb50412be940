package dev.switchboard.routing;

import dev.switchboard.pipeline.AttributeKey;
import java.util.Map;

/**
 * A caller's own credential for one provider (a tenant's "bring your own key"), used instead of the
 * gateway's keys for that caller's requests. A stage before the dispatcher puts the caller's
 * credentials on the exchange under {@link #ON_EXCHANGE}, by provider name. Immutable; {@link
 * #toString()} never shows the key.
 *
 * @param apiKey the provider key
 * @param baseUrl an endpoint override, or null for the provider's configured one
 */
public record UpstreamCredential(String apiKey, String baseUrl) {
  /** The caller's credentials by provider name. */
  public static final AttributeKey<Map<String, UpstreamCredential>> ON_EXCHANGE =
      AttributeKey.named("upstream_credentials");

  @Override
  public String toString() {
    return "UpstreamCredential[apiKey=••••, baseUrl=" + baseUrl + "]";
  }
}
