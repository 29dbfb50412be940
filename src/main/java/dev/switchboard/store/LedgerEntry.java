package dev.switchboard.store;

import dev.switchboard.governance.KeyRecord;
import java.util.Objects;
import java.util.UUID;

/**
 * One finished request as the ledger records it. The cost is null when the model's price is
 * unknown — never 0, which would read as "free". A positive {@code creditChargeMicros} is also
 * deducted from the user's credit balance in the same transaction. Build one with
 * {@link #builder}. Immutable.
 *
 * @param id row id (UUID string); makes a retried write idempotent
 * @param requestId the gateway's request id
 * @param atMillis epoch ms the request finished
 * @param keyId virtual key, or null (master key)
 * @param userId the key's user, or null
 * @param teamId the user's team, or null
 * @param departmentId the team's department, or null
 * @param tenantId the department's tenant, or null
 * @param model the model the client asked for
 * @param provider the provider that answered, or null
 * @param deployment the deployment that answered, or null
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param cachedTokens input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param costMicros cost in micro-dollars, or null when the price is unknown
 * @param latencyMs total time of the request
 * @param status HTTP status sent to the client
 * @param errorCode error kind when the request failed, or null
 * @param cacheHit whether the gateway's response cache answered
 * @param creditChargeMicros micro-dollars to deduct from the user's credits; 0 = none
 */
public record LedgerEntry(String id, String requestId, long atMillis, String keyId,
    String userId, String teamId, String departmentId, String tenantId, String model,
    String provider, String deployment, long promptTokens, long completionTokens,
    long cachedTokens, long cacheWriteTokens, long reasoningTokens, Long costMicros,
    long latencyMs, int status, String errorCode, boolean cacheHit, long creditChargeMicros) {

  private static final long DAY_MS = 86_400_000L;

  public LedgerEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
  }

  /** Whether the cost is known. */
  public boolean priceKnown() {
    return costMicros != null;
  }

  /** The UTC epoch day of {@link #atMillis}. */
  public long epochDay() {
    return Math.floorDiv(atMillis, DAY_MS);
  }

  /** A builder for the request {@code requestId} on {@code model}. */
  public static Builder builder(String requestId, String model) {
    return new Builder(requestId, model);
  }

  /** Fills a {@link LedgerEntry}. Not thread-safe: one builder per request. */
  public static final class Builder {
    private String id = UUID.randomUUID().toString();
    private final String requestId;
    private final String model;
    private long at = System.currentTimeMillis();
    private String keyId;
    private String userId;
    private String teamId;
    private String departmentId;
    private String tenantId;
    private String provider;
    private String deployment;
    private final long[] tokens = new long[4];
    private long cacheWrites;
    private Long cost;
    private long latencyMs;
    private int status = 200;
    private String errorCode;
    private boolean cacheHit;
    private long creditCharge;

    private Builder(String requestId, String model) {
      this.requestId = requestId;
      this.model = model;
    }

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder at(long epochMillis) {
      at = epochMillis;
      return this;
    }

    /** The key and its whole hierarchy. */
    public Builder owner(KeyRecord key) {
      return owner(key.id(), key.userId(), key.teamId(), key.departmentId(), key.tenantId());
    }

    public Builder owner(String key, String user, String team, String department, String tenant) {
      keyId = key;
      userId = user;
      teamId = team;
      departmentId = department;
      tenantId = tenant;
      return this;
    }

    public Builder upstream(String providerId, String deploymentId) {
      provider = providerId;
      deployment = deploymentId;
      return this;
    }

    public Builder tokens(long prompt, long completion, long cached, long reasoning) {
      tokens[0] = prompt;
      tokens[1] = completion;
      tokens[2] = cached;
      tokens[3] = reasoning;
      return this;
    }

    /** Prompt tokens written to the provider's cache (part of the prompt tokens). */
    public Builder cacheWrites(long written) {
      cacheWrites = written;
      return this;
    }

    /** Cost in micro-dollars; null = unknown price. */
    public Builder cost(Long micros) {
      cost = micros;
      return this;
    }

    public Builder latencyMs(long v) {
      latencyMs = v;
      return this;
    }

    public Builder status(int httpStatus, String error) {
      status = httpStatus;
      errorCode = error;
      return this;
    }

    public Builder cacheHit(boolean v) {
      cacheHit = v;
      return this;
    }

    public Builder creditCharge(long micros) {
      creditCharge = micros;
      return this;
    }

    public LedgerEntry build() {
      return new LedgerEntry(id, requestId, at, keyId, userId, teamId, departmentId, tenantId,
          model, provider, deployment, tokens[0], tokens[1], tokens[2], cacheWrites, tokens[3],
          cost, latencyMs, status, errorCode, cacheHit, creditCharge);
    }
  }
}
