package dev.switchboard.routing.balance;

import static dev.switchboard.routing.balance.Deployments.dep;
import static dev.switchboard.routing.balance.Deployments.firstPicks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.config.Pricing;
import dev.switchboard.routing.Deployment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  private static final Deployment A = dep("a", 5);
  private static final Deployment B = dep("b", 3);
  private static final Deployment C = dep("c", 2);
  private static final List<Deployment> ABC = List.of(A, B, C);

  private final DeploymentStats stats = new DeploymentStats();

  private Strategy strategy(String name) {
    return Strategies.create(name, stats, new Random(42));
  }

  private static List<String> ids(List<Deployment> deployments) {
    List<String> out = new ArrayList<>();
    for (Deployment d : deployments) {
      out.add(d.id());
    }
    return out;
  }

  @Test
  void smoothWeightedRoundRobinIsExact() {
    Map<String, Integer> counts = firstPicks(strategy("weighted_round_robin"), ABC, 10_000);

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 5000, "b", 3000, "c", 2000));
  }

  @Test
  void smoothWeightedRoundRobinSpreadsPicksAndFailsOverByWhoIsNext() {
    Strategy swrr = strategy("weighted_round_robin");
    StringBuilder sequence = new StringBuilder();
    List<String> firstOrder = ids(swrr.order(ABC));
    sequence.append(firstOrder.get(0));
    for (int i = 1; i < 10; i++) {
      sequence.append(swrr.order(ABC).get(0).id());
    }

    assertThat(sequence).hasToString("abcaabacba");
    // After the first pick the values are a=-5, b=3, c=2: b would be next, then c.
    assertThat(firstOrder).containsExactly("a", "b", "c");
  }

  @Test
  void weightedRoundRobinFollowsAVaryingCandidateList() {
    Strategy swrr = strategy("weighted_round_robin");
    firstPicks(swrr, ABC, 1234); // leave the state mid-cycle

    Map<String, Integer> withoutC = firstPicks(swrr, List.of(A, B), 8000);
    assertThat(withoutC.get("a")).isCloseTo(5000, within(2));
    assertThat(withoutC.get("b")).isCloseTo(3000, within(2));
    assertThat(withoutC).doesNotContainKey("c");

    // C's value stayed frozen while it was out: it comes back at its share, without a burst.
    Map<String, Integer> firstTenBack = firstPicks(swrr, ABC, 10);
    assertThat(firstTenBack.getOrDefault("c", 0)).isBetween(1, 3);
    Map<String, Integer> back = firstPicks(swrr, ABC, 10_000);
    assertThat(back.get("a")).isCloseTo(5000, within(3));
    assertThat(back.get("b")).isCloseTo(3000, within(3));
    assertThat(back.get("c")).isCloseTo(2000, within(3));
  }

  @Test
  void weightedRoundRobinKeysStateByIdNotPosition() {
    Strategy swrr = strategy("weighted_round_robin");
    List<Deployment> shuffled = new ArrayList<>(ABC);
    Random random = new Random(7);
    int[] counts = new int[3];
    for (int i = 0; i < 10_000; i++) {
      Collections.shuffle(shuffled, random);
      counts[ABC.indexOf(swrr.order(shuffled).get(0))]++;
    }

    assertThat(counts[0]).isCloseTo(5000, within(2));
    assertThat(counts[1]).isCloseTo(3000, within(2));
    assertThat(counts[2]).isCloseTo(2000, within(2));
  }

  @Test
  void roundRobinRotates() {
    Strategy rr = strategy("round_robin");

    assertThat(ids(rr.order(ABC))).containsExactly("a", "b", "c");
    assertThat(ids(rr.order(ABC))).containsExactly("b", "c", "a");
    assertThat(ids(rr.order(ABC))).containsExactly("c", "a", "b");
    assertThat(firstPicks(rr, ABC, 3000)).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", 1000, "b", 1000, "c", 1000));
  }

  @Test
  void leastConnectionsPrefersFewestInFlightAndRotatesTies() {
    Strategy lc = strategy("least_connections");
    stats.started("a");
    stats.started("a");
    stats.started("b");

    assertThat(ids(lc.order(ABC))).containsExactly("c", "b", "a");

    stats.finished("a", 1, true);
    stats.finished("a", 1, true);
    stats.finished("b", 1, true);
    assertThat(firstPicks(lc, ABC, 300)).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", 100, "b", 100, "c", 100));
  }

  @Test
  void leastLatencyPrefersTheFastestAndMeasuresNewcomersFirst() {
    Strategy ll = strategy("least_latency");
    stats.finished("a", ms(100), true);
    stats.finished("b", ms(50), true);

    assertThat(ids(ll.order(ABC))).containsExactly("c", "b", "a");

    stats.finished("c", ms(200), true);
    assertThat(ids(ll.order(ABC))).containsExactly("b", "a", "c");
  }

  @Test
  void leastLatencySpreadsAStartUpBurstOverUnmeasuredDeployments() {
    Strategy ll = strategy("least_latency");
    stats.finished("a", ms(10), true);
    stats.started("b"); // b is being measured already

    assertThat(ids(ll.order(ABC))).containsExactly("c", "b", "a");
    // Without anything in flight, unmeasured deployments take turns.
    stats.finished("b", ms(20), true);
    Deployment d = dep("d", 1);
    List<Deployment> four = List.of(A, B, C, d);
    assertThat(firstPicks(ll, four, 100)).containsExactlyInAnyOrderEntriesOf(
        Map.of("c", 50, "d", 50));
  }

  @Test
  void randomFollowsTheWeights() {
    Map<String, Integer> counts = firstPicks(strategy("random"), ABC, 100_000);

    assertThat(counts.get("a") / 100_000.0).isCloseTo(0.5, within(0.01));
    assertThat(counts.get("b") / 100_000.0).isCloseTo(0.3, within(0.01));
    assertThat(counts.get("c") / 100_000.0).isCloseTo(0.2, within(0.01));
  }

  @Test
  void randomFailoverDrawsTheRestByWeight() {
    Strategy random = strategy("random");
    int cSecondAfterA = 0;
    int aFirst = 0;
    for (int i = 0; i < 100_000; i++) {
      List<Deployment> order = random.order(ABC);
      if (order.get(0) == A) {
        aFirst++;
        cSecondAfterA += order.get(1) == C ? 1 : 0;
      }
    }
    // Without a, c has weight 2 of 5.
    assertThat((double) cSecondAfterA / aFirst).isCloseTo(0.4, within(0.015));
  }

  @Test
  void costOrdersByBlendedPriceUnknownLastTiesRotating() {
    Deployment pricey = dep("pricey", 1, Pricing.of(10, 30)); // (30 + 30) / 4 = 15
    Deployment cheap = dep("cheap", 1, Pricing.of(1, 2)); // 5 / 4 = 1.25
    Deployment alsoCheap = dep("also-cheap", 1, Pricing.of(0.5, 3.5)); // 5 / 4 = 1.25
    Deployment unknown = dep("unknown", 1, null);
    Deployment free = dep("free", 1, Pricing.of(0, 0));
    Strategy cost = strategy("cost");

    List<Deployment> candidates = List.of(unknown, pricey, cheap, alsoCheap);
    List<String> first = ids(cost.order(candidates));
    List<String> second = ids(cost.order(candidates));
    assertThat(first.subList(2, 4)).containsExactly("pricey", "unknown");
    assertThat(second.subList(2, 4)).containsExactly("pricey", "unknown");
    assertThat(List.of(first.get(0), second.get(0)))
        .containsExactlyInAnyOrder("cheap", "also-cheap");
    assertThat(ids(cost.order(List.of(pricey, free, unknown))))
        .containsExactly("free", "pricey", "unknown");
    assertThat(CheapestFirst.blendedPrice(Pricing.of(2.5, 10))).isEqualTo(4.375);
  }

  @Test
  void everyStrategyReturnsEveryCandidateOnceAndASingleCandidateAsIs() {
    List<Deployment> one = List.of(A);
    List<Deployment> input = new ArrayList<>(ABC);
    for (String name : Strategies.NAMES) {
      Strategy s = strategy(name);
      for (int i = 0; i < 20; i++) {
        assertThat(s.order(input)).as(name).containsExactlyInAnyOrderElementsOf(ABC);
      }
      assertThat(input).as(name + " must not mutate its input").containsExactlyElementsOf(ABC);
      assertThat(s.order(one)).as(name).isSameAs(one);
      assertThat(s.order(List.of())).as(name).isEmpty();
    }
  }

  @Test
  void unknownNamesAreRejected() {
    assertThatThrownBy(() -> Strategies.create("fastest", stats))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fastest").hasMessageContaining("least_latency");
    assertThatThrownBy(() -> Strategies.create(null, stats))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Strategies.NAMES).containsExactlyInAnyOrder("weighted_round_robin",
        "round_robin", "least_connections", "least_latency", "random", "cost");
  }

  @Test
  void concurrentCallersKeepTheTotals() throws Exception {
    int threads = 4;
    int perThread = 25_000;
    for (String name : Strategies.NAMES) {
      Strategy s = Strategies.create(name, stats);
      AtomicIntegerArray counts = new AtomicIntegerArray(3);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            List<Deployment> order = s.order(ABC);
            Deployment pick = order.get(0);
            stats.started(pick.id());
            counts.incrementAndGet(ABC.indexOf(pick));
            stats.finished(pick.id(), 1000, true);
            assertThat(order).hasSize(3);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int total = counts.get(0) + counts.get(1) + counts.get(2);
      assertThat(total).as(name).isEqualTo(threads * perThread);
      if (name.equals("weighted_round_robin")) {
        // Every pick is atomic, so 10,000 whole cycles give exact counts even when concurrent.
        assertThat(new int[] {counts.get(0), counts.get(1), counts.get(2)})
            .containsExactly(50_000, 30_000, 20_000);
      }
    }
    for (Deployment d : ABC) {
      assertThat(stats.inFlight(d.id())).isZero();
    }
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
