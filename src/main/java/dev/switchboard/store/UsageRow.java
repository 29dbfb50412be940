package dev.switchboard.store;

/**
 * Usage of one group in a report. Costs add up only the requests whose price was known;
 * {@code unpricedRequests} says how many were left out, so an unknown price never reads as free.
 * Immutable.
 *
 * @param group the key/user/team/department/tenant id, model, provider or ISO day; null for rows
 *     without a value (e.g. master-key requests have no key)
 * @param requests ledger rows
 * @param errors rows with an HTTP status of 400 or more
 * @param cacheHits rows answered from the cache
 * @param promptTokens sum
 * @param completionTokens sum
 * @param cachedTokens sum of the prompt tokens read from the provider's cache
 * @param cacheWriteTokens sum of the prompt tokens written to the provider's cache
 * @param reasoningTokens sum
 * @param costMicros sum of the known costs, micro-dollars
 * @param unpricedRequests rows whose cost is unknown
 */
public record UsageRow(String group, long requests, long errors, long cacheHits,
    long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
    long reasoningTokens, long costMicros, long unpricedRequests) {}
