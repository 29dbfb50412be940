package dev.switchboard.store;

import java.util.List;
import java.util.Optional;

/**
 * Tenants' own provider keys, encrypted at rest with {@code governance.CredentialCipher} bound to
 * the tenant id, so a ciphertext copied into another tenant's row does not decrypt.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface CredentialStore {
  /**
   * Stores (or replaces) a tenant's key for a provider. NOT_FOUND when the tenant is not
   * visible in {@code scope}.
   */
  CredentialView put(TenantScope scope, String tenantId, String provider, String apiKey,
      String baseUrl);

  /** The decrypted credential, if set and visible. */
  Optional<ProviderCredential> get(TenantScope scope, String tenantId, String provider);

  /** Visible credentials, masked, by tenant and provider. */
  List<CredentialView> list(TenantScope scope);

  /** Deletes a credential; false when none was set or visible. */
  boolean delete(TenantScope scope, String tenantId, String provider);
}
