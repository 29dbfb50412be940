package dev.switchboard.store;

/**
 * A team within a department. Immutable.
 *
 * @param id UUID string
 * @param tenantId the department's tenant
 * @param departmentId owning department
 * @param name unique within the department
 * @param createdAtMillis epoch ms
 * @param updatedAtMillis epoch ms
 */
public record Team(String id, String tenantId, String departmentId, String name,
    long createdAtMillis, long updatedAtMillis) {}
