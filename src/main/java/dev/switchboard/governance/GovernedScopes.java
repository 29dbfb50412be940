package dev.switchboard.governance;

import dev.switchboard.governance.limits.BudgetCheck;
import dev.switchboard.governance.limits.BudgetPeriod;
import dev.switchboard.governance.limits.ConcurrencyCheck;
import dev.switchboard.governance.limits.LimitScope;
import dev.switchboard.governance.limits.RateCheck;
import dev.switchboard.store.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the limits that apply to a key into the checks of one request for one model: rate
 * (requests and tokens per minute), concurrency and budget checks, each at its level of the
 * hierarchy. A limit set for a model applies only to requests for that model; one set for every
 * model to all of them, each level counting all its models together. Stateless.
 */
final class GovernedScopes {
  private GovernedScopes() {}

  static LimitScope scope(Limits l) {
    LimitScope s = LimitScope.of(LimitScope.Level.valueOf(l.scopeType().name()), l.scopeId());
    return l.model().isEmpty() ? s : s.forModel(l.model());
  }

  private static boolean applies(Limits l, String model) {
    return l.model().isEmpty() || l.model().equals(model);
  }

  static List<RateCheck> rate(List<Limits> limits, String model, long estimatedTokens) {
    List<RateCheck> out = new ArrayList<>(2);
    for (Limits l : limits) {
      long rpm = l.rpm() == null ? 0 : l.rpm();
      long tpm = l.tpm() == null ? 0 : l.tpm();
      if (applies(l, model) && (rpm > 0 || tpm > 0)) {
        out.add(new RateCheck(scope(l), rpm, tpm, estimatedTokens));
      }
    }
    return out;
  }

  static List<ConcurrencyCheck> concurrency(List<Limits> limits, String model) {
    List<ConcurrencyCheck> out = new ArrayList<>(1);
    for (Limits l : limits) {
      if (applies(l, model) && l.maxConcurrent() != null && l.maxConcurrent() > 0) {
        out.add(new ConcurrencyCheck(scope(l), l.maxConcurrent()));
      }
    }
    return out;
  }

  static List<BudgetCheck> budgets(List<Limits> limits, String model) {
    List<BudgetCheck> out = new ArrayList<>(2);
    for (Limits l : limits) {
      if (!applies(l, model)) {
        continue;
      }
      if (l.dailyUsdMicros() != null) {
        out.add(new BudgetCheck(scope(l), BudgetPeriod.DAILY, l.dailyUsdMicros()));
      }
      if (l.monthlyUsdMicros() != null) {
        out.add(new BudgetCheck(scope(l), BudgetPeriod.MONTHLY, l.monthlyUsdMicros()));
      }
    }
    return out;
  }

  /** How a scope is named to the caller: {@code team 'research'} (for model 'gpt-4o'). */
  static String describe(LimitScope s, String name) {
    String model = s.model() == null || s.model().isEmpty() || s.model().equals("*") ? ""
        : " for model '" + s.model() + "'";
    return s.level().name().toLowerCase() + " '" + name + "'" + model;
  }

  /** Dollars for a person: {@code $52.34}. */
  static String usd(long micros) {
    return String.format(java.util.Locale.ROOT, "$%.2f", micros / 1_000_000.0);
  }
}
