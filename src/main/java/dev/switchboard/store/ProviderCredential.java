package dev.switchboard.store;

/**
 * A tenant's own key for an upstream provider, decrypted. Hand it to the upstream call and drop
 * it; {@link #toString()} masks the key so it cannot leak into a log line. Immutable.
 *
 * @param tenantId owning tenant
 * @param provider provider id as in the gateway config, e.g. {@code openai}
 * @param apiKey the decrypted provider key
 * @param baseUrl optional endpoint override, or null
 */
public record ProviderCredential(String tenantId, String provider, String apiKey,
    String baseUrl) {

  @Override
  public String toString() {
    return "ProviderCredential[tenantId=" + tenantId + ", provider=" + provider + ", apiKey="
        + dev.switchboard.governance.CredentialCipher.mask(apiKey) + ", baseUrl=" + baseUrl + "]";
  }
}
