package dev.switchboard.store;

import java.util.Objects;

/**
 * Something an admin did, to be appended to the audit log. Immutable.
 *
 * @param actor who did it (user id, "master", …)
 * @param action what, e.g. {@code key.revoke}
 * @param targetType kind of the changed thing, e.g. {@code key}
 * @param targetId its id, or null
 * @param tenantId the tenant it belongs to, or null for a gateway-wide action
 * @param beforeJson the thing before the change as JSON, or null
 * @param afterJson the thing after the change as JSON, or null
 */
public record AuditEvent(String actor, String action, String targetType, String targetId,
    String tenantId, String beforeJson, String afterJson) {

  public AuditEvent {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(targetType, "targetType");
  }
}
