package dev.switchboard.store;

/**
 * A provider credential as the admin API lists it: the key masked to its last four characters.
 * Immutable.
 *
 * @param tenantId owning tenant
 * @param provider provider id
 * @param maskedKey {@code ••••abcd}, or {@code (undecryptable)} when the encryption key changed
 * @param baseUrl optional endpoint override, or null
 * @param updatedAtMillis epoch ms of the last change
 */
public record CredentialView(String tenantId, String provider, String maskedKey, String baseUrl,
    long updatedAtMillis) {}
