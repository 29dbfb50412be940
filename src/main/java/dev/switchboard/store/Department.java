package dev.switchboard.store;

/**
 * A tenant's department. Immutable.
 *
 * @param id UUID string
 * @param tenantId owning tenant
 * @param name unique within the tenant
 * @param createdAtMillis epoch ms
 * @param updatedAtMillis epoch ms
 */
public record Department(String id, String tenantId, String name, long createdAtMillis,
    long updatedAtMillis) {}
