package dev.switchboard.store;

/**
 * The top of the hierarchy: an organisation using the gateway. Immutable.
 *
 * @param id UUID string
 * @param name unique across the gateway
 * @param createdAtMillis epoch ms
 * @param updatedAtMillis epoch ms
 */
public record Tenant(String id, String name, long createdAtMillis, long updatedAtMillis) {}
