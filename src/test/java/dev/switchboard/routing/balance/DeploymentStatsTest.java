package dev.switchboard.routing.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeploymentStatsTest {

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void countsRequestsInFlight() {
    DeploymentStats stats = new DeploymentStats();
    stats.started("a");
    stats.started("a");
    stats.started("b");

    assertThat(stats.inFlight("a")).isEqualTo(2);
    assertThat(stats.inFlight("b")).isEqualTo(1);
    assertThat(stats.inFlight("unknown")).isZero();

    stats.finished("a", ms(1), true);
    assertThat(stats.inFlight("a")).isEqualTo(1);
  }

  @Test
  void aFinishWithoutAStartDoesNotGoNegative() {
    DeploymentStats stats = new DeploymentStats();
    stats.finished("a", ms(1), true);

    assertThat(stats.inFlight("a")).isZero();
  }

  @Test
  void movingAverageOfLatency() {
    DeploymentStats stats = new DeploymentStats(0.5);
    assertThat(stats.latencyEwmaMs("a")).isNaN();

    stats.finished("a", ms(100), true);
    assertThat(stats.latencyEwmaMs("a")).isEqualTo(100.0); // the first sample is taken as is
    stats.finished("a", ms(200), true);
    assertThat(stats.latencyEwmaMs("a")).isEqualTo(150.0);
    stats.finished("a", ms(10), false); // a fast failure does not make it look faster
    assertThat(stats.latencyEwmaMs("a")).isEqualTo(150.0);
    stats.finished("a", ms(300), false); // a slow one does make it look slower
    assertThat(stats.latencyEwmaMs("a")).isEqualTo(225.0);
    stats.finished("a", ms(25), true);
    assertThat(stats.latencyEwmaMs("a")).isEqualTo(125.0);
  }

  @Test
  void defaultAlphaIsPointThree() {
    DeploymentStats stats = new DeploymentStats();
    stats.finished("a", ms(100), true);
    stats.finished("a", ms(200), true);

    assertThat(stats.latencyEwmaMs("a")).isCloseTo(130.0, within(1e-9));
  }

  @Test
  void rejectsAnAlphaOutsideZeroToOne() {
    for (double alpha : new double[] {0, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> new DeploymentStats(alpha))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void snapshotHasCountsSharesAndLatencySortedById() {
    DeploymentStats stats = new DeploymentStats(0.5);
    for (int i = 0; i < 3; i++) {
      stats.started("b");
      stats.finished("b", ms(40), i != 0);
    }
    stats.started("a");
    stats.finished("a", ms(20), true);
    stats.started("c"); // still in flight, never finished

    List<DeploymentStatsView> snapshot = stats.snapshot();

    assertThat(snapshot).extracting(DeploymentStatsView::id).containsExactly("a", "b", "c");
    assertThat(snapshot.get(0)).isEqualTo(new DeploymentStatsView("a", 1, 0, 0.25, 20.0, 0));
    assertThat(snapshot.get(1)).isEqualTo(new DeploymentStatsView("b", 3, 1, 0.75, 40.0, 0));
    DeploymentStatsView c = snapshot.get(2);
    assertThat(c.requests()).isZero();
    assertThat(c.share()).isZero();
    assertThat(c.latencyEwmaMs()).isNaN();
    assertThat(c.inFlight()).isEqualTo(1);
  }

  @Test
  void viewsSerialiseAsSnakeCaseJson() {
    ObjectNode json = new DeploymentStatsView("openai/gpt-4o", 4, 1, 0.5, 12.5, 2).toJson();

    assertThat(json.toString()).isEqualTo("{\"id\":\"openai/gpt-4o\",\"requests\":4,"
        + "\"failures\":1,\"share\":0.5,\"latency_ewma_ms\":12.5,\"in_flight\":2}");
    assertThat(new DeploymentStatsView("x", 0, 0, 0, Double.NaN, 0).toJson()
        .get("latency_ewma_ms").isNull()).isTrue();
  }

  @Test
  void concurrentUpdatesAddUp() throws Exception {
    DeploymentStats stats = new DeploymentStats();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String id = t % 2 == 0 ? "even" : "odd";
      done.add(pool.submit(() -> {
        for (int i = 0; i < 10_000; i++) {
          stats.started(id);
          stats.finished(id, ms(10), i % 10 != 0);
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (DeploymentStatsView v : stats.snapshot()) {
      assertThat(v.requests()).isEqualTo(20_000);
      assertThat(v.failures()).isEqualTo(2_000);
      assertThat(v.inFlight()).isZero();
      assertThat(v.share()).isEqualTo(0.5);
      assertThat(v.latencyEwmaMs()).isCloseTo(10.0, within(1e-9));
    }
  }
}
