package dev.switchboard.store;

import java.util.Objects;

/**
 * The limits set on one scope for one model (or every model). A null value means "no limit at
 * this level". Immutable.
 *
 * @param scopeType which level of the hierarchy
 * @param scopeId the id of the tenant, department, team, user or key
 * @param model the model these limits apply to; {@code ""} = every model
 * @param rpm requests per minute
 * @param tpm tokens per minute
 * @param maxConcurrent requests in flight at once
 * @param dailyUsdMicros spend per UTC day, micro-dollars
 * @param monthlyUsdMicros spend per UTC month, micro-dollars
 */
public record Limits(ScopeType scopeType, String scopeId, String model, Long rpm, Long tpm,
    Integer maxConcurrent, Long dailyUsdMicros, Long monthlyUsdMicros) {

  /** The {@code model} value meaning every model. */
  public static final String ALL_MODELS = "";

  public Limits {
    Objects.requireNonNull(scopeType, "scopeType");
    Objects.requireNonNull(scopeId, "scopeId");
    model = model == null ? ALL_MODELS : model;
    requireNonNegative("rpm", rpm);
    requireNonNegative("tpm", tpm);
    requireNonNegative("maxConcurrent", maxConcurrent == null ? null : maxConcurrent.longValue());
    requireNonNegative("dailyUsdMicros", dailyUsdMicros);
    requireNonNegative("monthlyUsdMicros", monthlyUsdMicros);
  }

  /** No limits yet on a scope and model; add them with the {@code with…} methods. */
  public static Limits none(ScopeType scopeType, String scopeId, String model) {
    return new Limits(scopeType, scopeId, model, null, null, null, null, null);
  }

  public Limits withRpm(Long v) {
    return new Limits(scopeType, scopeId, model, v, tpm, maxConcurrent, dailyUsdMicros,
        monthlyUsdMicros);
  }

  public Limits withTpm(Long v) {
    return new Limits(scopeType, scopeId, model, rpm, v, maxConcurrent, dailyUsdMicros,
        monthlyUsdMicros);
  }

  public Limits withMaxConcurrent(Integer v) {
    return new Limits(scopeType, scopeId, model, rpm, tpm, v, dailyUsdMicros, monthlyUsdMicros);
  }

  public Limits withDailyUsdMicros(Long v) {
    return new Limits(scopeType, scopeId, model, rpm, tpm, maxConcurrent, v, monthlyUsdMicros);
  }

  public Limits withMonthlyUsdMicros(Long v) {
    return new Limits(scopeType, scopeId, model, rpm, tpm, maxConcurrent, dailyUsdMicros, v);
  }

  private static void requireNonNegative(String name, Long v) {
    if (v != null && v < 0) {
      throw new IllegalArgumentException(name + " must not be negative (null = no limit)");
    }
  }
}
