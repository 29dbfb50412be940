package dev.switchboard.store;

/**
 * A person (or service) in a team; owns virtual keys. Immutable.
 *
 * @param id UUID string
 * @param tenantId the team's tenant
 * @param teamId owning team
 * @param email lower-cased; unique within the tenant
 * @param name display name
 * @param createdAtMillis epoch ms
 * @param updatedAtMillis epoch ms
 */
public record User(String id, String tenantId, String teamId, String email, String name,
    long createdAtMillis, long updatedAtMillis) {}
