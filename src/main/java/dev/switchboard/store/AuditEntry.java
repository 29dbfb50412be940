package dev.switchboard.store;

/**
 * One row of the audit log. Immutable.
 *
 * @param id UUID string
 * @param atMillis epoch ms when it was appended
 * @param actor who
 * @param action what
 * @param targetType kind of the changed thing
 * @param targetId its id, or null
 * @param tenantId its tenant, or null for a gateway-wide action
 * @param beforeJson JSON before the change, or null
 * @param afterJson JSON after the change, or null
 */
public record AuditEntry(String id, long atMillis, String actor, String action,
    String targetType, String targetId, String tenantId, String beforeJson, String afterJson) {}
