package dev.switchboard.store;

/**
 * One movement of a user's credit balance. Immutable.
 *
 * @param id UUID string (a usage charge shares its ledger row's id)
 * @param userId whose balance
 * @param tenantId the user's tenant
 * @param atMillis epoch ms
 * @param amountMicros positive = grant, negative = charge
 * @param reason e.g. {@code usage}, {@code grant}
 * @param requestId the request charged, or null
 */
public record CreditTransaction(String id, String userId, String tenantId, long atMillis,
    long amountMicros, String reason, String requestId) {}
