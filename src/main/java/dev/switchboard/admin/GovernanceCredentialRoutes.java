package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.CredentialStore;
import dev.switchboard.store.CredentialView;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.TenantScope;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * {@code /admin/tenants/<id>/providers[/<provider>]}: a tenant's own provider keys. The store
 * encrypts them (AES-GCM) before they reach the database; every answer and audit entry shows
 * only the masked form. Without a configured encryption key, PUT answers 400 naming
 * {@code SWITCHBOARD_ENCRYPTION_KEY}.
 *
 * <p>Threading: stateless; blocking, worker threads only.
 */
final class GovernanceCredentialRoutes {
  private static final String PROVIDER_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private final CredentialStore credentials;
  private final GovernanceTenantRoutes tenants;
  private final GovernanceAuditLog audit;

  GovernanceCredentialRoutes(CredentialStore credentials, GovernanceTenantRoutes tenants,
      GovernanceAuditLog audit) {
    this.credentials = credentials;
    this.tenants = tenants;
    this.audit = audit;
  }

  /** Answers {@code /admin/tenants/<id>/providers} and {@code …/providers/<provider>}. */
  JsonNode handle(GovernanceCall call) {
    String tenantId = call.segment(1);
    tenants.require(call.scope(), tenantId);
    call.allowQuery();
    if (call.depth() == 3) {
      GovernanceAdmin.require(call, HttpMethod.GET);
      return GovernanceViews.list(credentials.list(TenantScope.of(tenantId)),
          GovernanceViews::credential);
    }
    String provider = call.segment(3);
    if (!provider.matches(PROVIDER_NAME)) {
      throw GatewayException.invalid("provider", "The provider id in the path must be 1-64"
          + " letters, digits, '.', '_' or '-', as in the gateway's providers configuration.");
    }
    if (call.method() == HttpMethod.PUT) {
      return put(call, tenantId, provider);
    }
    GovernanceAdmin.require(call, HttpMethod.PUT, HttpMethod.DELETE);
    Optional<CredentialView> before = find(tenantId, provider);
    if (before.isEmpty() || !credentials.delete(call.scope(), tenantId, provider)) {
      throw GatewayException.of(ErrorKind.NOT_FOUND, "Tenant '" + tenantId + "' has no key for"
          + " provider '" + provider + "'; GET /admin/tenants/" + tenantId + "/providers lists"
          + " them.");
    }
    audit.record(call, "credential.delete", "provider_credential", provider, tenantId,
        GovernanceViews.credential(before.get()), null);
    ObjectNode out = GovernanceViews.deleted("provider_credential", provider);
    out.put("tenant_id", tenantId);
    return out;
  }

  private JsonNode put(GovernanceCall call, String tenantId, String provider) {
    GovernanceBody body = call.body("api_key", "base_url");
    String apiKey = body.requiredText("api_key");
    String baseUrl = baseUrl(body.text("base_url"));
    Optional<CredentialView> before = find(tenantId, provider);
    CredentialView saved;
    try {
      saved = credentials.put(call.scope(), tenantId, provider, apiKey, baseUrl);
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.INVALID
          && e.getMessage().contains("SWITCHBOARD_ENCRYPTION_KEY")) {
        throw GatewayException.invalid("api_key", "This gateway has no encryption key for"
            + " provider credentials: set SWITCHBOARD_ENCRYPTION_KEY (32 bytes, e.g. from"
            + " 'openssl rand -base64 32') and restart it. Nothing was stored.");
      }
      throw e;
    }
    ObjectNode view = GovernanceViews.credential(saved);
    audit.record(call, "credential.put", "provider_credential", provider, tenantId,
        before.map(GovernanceViews::credential).orElse(null), view);
    return view;
  }

  private Optional<CredentialView> find(String tenantId, String provider) {
    // The tenant is known to be visible: its own scope lists exactly its credentials.
    return credentials.list(TenantScope.of(tenantId)).stream()
        .filter(c -> c.provider().equals(provider)).findFirst();
  }

  private static String baseUrl(String text) {
    if (text == null) {
      return null;
    }
    try {
      URI u = new URI(text);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null && u.getUserInfo() == null) {
        return text;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw GatewayException.invalid("base_url", "'base_url' must be an http(s) URL without"
        + " credentials, e.g. https://api.example.com/v1.");
  }
}
