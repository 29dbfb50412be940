package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pool utilisation: the gauge and the 80 % / 95 % alert levels. */
class PoolMonitorTest {

  @Test
  void levelsFollowUtilisation() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    PoolMonitor m = new PoolMonitor(reg, System::currentTimeMillis);
    AtomicInteger active = new AtomicInteger();
    m.add("primary", active::get, () -> 20);
    int[][] cases = {{0, 0}, {15, 0}, {16, 1}, {18, 1}, {19, 2}, {20, 2}, {3, 0}};
    for (int[] c : cases) {
      active.set(c[0]);
      PoolMonitor.PoolStatus s = m.check().get(0);
      assertThat(s.level().ordinal()).as(c[0] + " of 20").isEqualTo(c[1]);
      assertThat(reg.get("connection_pool_utilization").tag("pool", "primary").gauge().value())
          .isEqualTo(c[0] / 20.0);
    }
    m.close();
    assertThat(reg.find("connection_pool_utilization").gauges()).isEmpty();
  }

  @Test
  void aSingleConnectionPoolNeverAlerts() {
    PoolMonitor m = new PoolMonitor(new SimpleMeterRegistry(), System::currentTimeMillis);
    m.add("sqlite-writer", () -> 1, () -> 1);
    assertThat(m.check().get(0).level()).isEqualTo(PoolMonitor.Level.OK);
    assertThat(m.check().get(0).utilization()).isEqualTo(1.0);
  }
}
