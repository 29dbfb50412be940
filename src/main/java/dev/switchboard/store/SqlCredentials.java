package dev.switchboard.store;

import dev.switchboard.governance.CredentialCipher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CredentialStore} on SQL. Encryption happens here, before anything reaches the
 * database; with no cipher configured, credentials can be listed but not stored or read.
 * Thread-safe; blocking.
 */
final class SqlCredentials implements CredentialStore {
  private static final String UPSERT = "INSERT INTO provider_credentials (tenant_id, provider,"
      + " api_key_encrypted, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (tenant_id, provider) DO UPDATE SET"
      + " api_key_encrypted = excluded.api_key_encrypted, base_url = excluded.base_url,"
      + " updated_at = excluded.updated_at";
  private final Nodes nodes;
  private final CredentialCipher cipher;

  SqlCredentials(Nodes nodes, CredentialCipher cipher) {
    this.nodes = nodes;
    this.cipher = cipher;
  }

  @Override
  public CredentialView put(TenantScope scope, String tenantId, String provider, String apiKey,
      String baseUrl) {
    String p = Nodes.requireText("provider", provider);
    String key = Nodes.requireText("provider API key", apiKey);
    String sealed = cipher().encrypt(key, tenantId);
    return nodes.db.write("store provider credential", c -> {
      Nodes.tenantOf(c, scope, ScopeType.TENANT, tenantId);
      long now = nodes.now();
      Sql.update(c, UPSERT, tenantId, p, sealed, baseUrl, now, now);
      return new CredentialView(tenantId, p, CredentialCipher.mask(key), baseUrl, now);
    });
  }

  @Override
  public Optional<ProviderCredential> get(TenantScope scope, String tenantId, String provider) {
    if (!scope.allows(tenantId)) {
      return Optional.empty();
    }
    CredentialCipher c = cipher();
    return nodes.db.read("provider_credentials", conn -> Sql.one(conn,
        "SELECT api_key_encrypted, base_url FROM provider_credentials"
            + " WHERE tenant_id = ? AND provider = ?",
        rs -> new ProviderCredential(tenantId, provider,
            decrypt(c, rs.getString(1), tenantId, provider), rs.getString(2)), tenantId,
        provider));
  }

  private static String decrypt(CredentialCipher c, String sealed, String tenantId,
      String provider) {
    try {
      return c.decrypt(sealed, tenantId);
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Kind.FAILED, "the " + provider + " credential of"
          + " tenant " + tenantId + " cannot be decrypted: " + e.getMessage(), e);
    }
  }

  @Override
  public List<CredentialView> list(TenantScope scope) {
    List<CredentialView> out = new ArrayList<>();
    for (String[] row : nodes.db.read("provider_credentials", c -> new Sql.Query(
        "SELECT tenant_id, provider, api_key_encrypted, base_url, updated_at"
            + " FROM provider_credentials WHERE 1 = 1").andIf("tenant_id = ?", scope.tenantId())
        .append(" ORDER BY tenant_id, provider").list(c, rs -> new String[] {rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), Long.toString(rs.getLong(5))}))) {
      out.add(new CredentialView(row[0], row[1], masked(row[2], row[0]), row[3],
          Long.parseLong(row[4])));
    }
    return out;
  }

  @Override
  public boolean delete(TenantScope scope, String tenantId, String provider) {
    if (!scope.allows(tenantId)) {
      return false;
    }
    return nodes.db.write("delete provider credential", c -> Sql.update(c,
        "DELETE FROM provider_credentials WHERE tenant_id = ? AND provider = ?", tenantId,
        provider) == 1);
  }

  private String masked(String sealed, String tenantId) {
    if (cipher == null) {
      return "(encrypted)";
    }
    try {
      return CredentialCipher.mask(cipher.decrypt(sealed, tenantId));
    } catch (IllegalArgumentException e) {
      // Listing must still work after the encryption key changed; the entry just can't be used.
      return "(undecryptable)";
    }
  }

  private CredentialCipher cipher() {
    if (cipher == null) {
      throw new StoreException(StoreException.Kind.INVALID, "provider credentials need an"
          + " encryption key: set SWITCHBOARD_ENCRYPTION_KEY (openssl rand -base64 32)");
    }
    return cipher;
  }
}
