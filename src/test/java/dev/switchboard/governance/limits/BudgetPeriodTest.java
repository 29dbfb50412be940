package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  @Test
  void windowsAreAlignedToUtcDaysAndMonths() {
    Instant t = Instant.parse("2024-02-29T23:30:00Z");
    assertThat(BudgetPeriod.DAILY.windowStart(t)).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.nextReset(t)).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.windowStart(t))
        .isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.nextReset(Instant.parse("2024-12-31T23:59:59Z")))
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.windowId(t)).isEqualTo("d:20240229");
    assertThat(BudgetPeriod.MONTHLY.windowId(t)).isEqualTo("m:202402");
  }
}
