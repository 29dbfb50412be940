package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The audit log, usage reports over the ledger, and credits. */
interface AuditUsageContract extends StoreFixture {

  @Test
  default void auditAppendsAndPagesNewestFirst() {
    Org o = newOrg("audit");
    List<AuditEntry> appended = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clock().advanceMillis(10);
      appended.add(store().audit().append(new AuditEvent("admin@" + i, "key.update", "key",
          "k" + i, o.tenant().id(), "{\"name\":\"" + i + "\"}", "{\"name\":\"x\"}")));
    }
    AuditEntry global = store().audit().append(new AuditEvent("master", "config.reload",
        "config", null, null, null, null));
    assertThat(appended.get(4).atMillis()).isEqualTo(appended.get(0).atMillis() + 40);

    Page<AuditEntry> p1 = store().audit().list(o.scope(), null, 2);
    assertThat(p1.items()).containsExactly(appended.get(4), appended.get(3));
    Page<AuditEntry> p2 = store().audit().list(o.scope(), p1.nextCursor(), 2);
    assertThat(p2.items()).containsExactly(appended.get(2), appended.get(1));
    Page<AuditEntry> p3 = store().audit().list(o.scope(), p2.nextCursor(), 2);
    assertThat(p3.items()).containsExactly(appended.get(0));
    assertThat(p3.nextCursor()).isNull();
    assertThat(store().audit().list(TenantScope.ALL, null, 1000).items()).contains(global)
        .containsAll(appended);
    assertThatThrownBy(() -> store().audit().list(o.scope(), "not a cursor!", 2))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID));
  }

  /** A tenant with two branches, four requests over two days, in a window of its own. */
  record Usage(Org org, Team team2, User user2, Issued key1, Issued key2, long day0) {}

  private Usage usageFixture() {
    Org o = newOrg("usage");
    TenantScope s = o.scope();
    Department d2 = store().departments().create(s, o.tenant().id(), "d2");
    Team t2 = store().teams().create(s, d2.id(), "t2");
    User u2 = store().users().create(s, t2.id(), "u2-" + StoreFixture.uid() + "@x.io", "U2");
    Issued k1 = newKey(o, "k1");
    String plain = dev.switchboard.governance.ApiKeys.generate();
    Issued k2 = new Issued(plain, store().keys().insert(s, new NewKey(u2.id(),
        dev.switchboard.governance.ApiKeys.hash(plain), "k2", "h", null, 0, null)));
    // A window of its own, so that reports over every tenant see only these rows.
    long day0 = Instant.parse("2031-05-10T00:00:00Z").toEpochMilli()
        + java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000) * 86_400_000L;
    LedgerEntry.Builder[] rows = {
        entry(o, k1, "gpt-4o", "openai", day0 + 1_000).tokens(100, 50, 10, 0).cacheWrites(30)
            .cost(1_000L),
        entry(o, k1, "gpt-4o", "openai", day0 + 2_000).tokens(200, 100, 0, 20).cost(2_000L),
        entry(o, k2, "claude", "anthropic", day0 + 86_400_000L + 5).tokens(300, 0, 0, 0)
            .cost(null).status(502, "upstream_error").owner(k2.info().id(), u2.id(), t2.id(),
                d2.id(), o.tenant().id()),
        entry(o, k2, "claude", "anthropic", day0 + 86_400_000L + 6).cost(0L).cacheHit(true)
            .owner(k2.info().id(), u2.id(), t2.id(), d2.id(), o.tenant().id())};
    try (LedgerWriter w = new LedgerWriter(db(), new SimpleMeterRegistry())) {
      for (LedgerEntry.Builder b : rows) {
        assertThat(w.offer(b.build())).isTrue();
      }
      assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    }
    return new Usage(o, t2, u2, k1, k2, day0);
  }

  private static LedgerEntry.Builder entry(Org o, Issued k, String model, String provider,
      long at) {
    return LedgerEntry.builder("req-" + StoreFixture.uid(), model).at(at)
        .upstream(provider, provider + "-1").latencyMs(42)
        .owner(k.info().id(), o.user().id(), o.team().id(), o.department().id(), o.tenant().id());
  }

  @Test
  default void usageAggregatesByEveryDimension() {
    Usage u = usageFixture();
    Org o = u.org();
    String k1 = u.key1().info().id();
    String k2 = u.key2().info().id();
    // group -> requests, errors, hits, prompt, completion, cached, cache writes, reasoning, cost,
    // unpriced
    List<Long> first = List.of(2L, 0L, 0L, 300L, 150L, 10L, 30L, 20L, 3_000L, 0L);
    List<Long> second = List.of(2L, 1L, 1L, 300L, 0L, 0L, 0L, 0L, 0L, 1L);
    Map<UsageDimension, Map<String, List<Long>>> expected = Map.of(
        UsageDimension.KEY, Map.of(k1, first, k2, second),
        UsageDimension.USER, Map.of(o.user().id(), first, u.user2().id(), second),
        UsageDimension.TEAM, Map.of(o.team().id(), first, u.team2().id(), second),
        UsageDimension.DEPARTMENT, Map.of(o.department().id(), first,
            u.team2().departmentId(), second),
        UsageDimension.TENANT, Map.of(o.tenant().id(),
            List.of(4L, 1L, 1L, 600L, 150L, 10L, 30L, 20L, 3_000L, 1L)),
        UsageDimension.MODEL, Map.of("gpt-4o", first, "claude", second),
        UsageDimension.PROVIDER, Map.of("openai", first, "anthropic", second),
        UsageDimension.DAY, Map.of(day(u.day0()), first, day(u.day0() + 86_400_000L), second));
    long from = u.day0();
    long to = u.day0() + 2 * 86_400_000L;
    for (var e : expected.entrySet()) {
      for (TenantScope scope : List.of(o.scope(), TenantScope.ALL)) {
        Map<String, List<Long>> got = store().usage().usage(UsageQuery.of(scope, e.getKey(), from,
            to)).stream().collect(Collectors.toMap(UsageRow::group, AuditUsageContract::figures));
        assertThat(got).as(e.getKey() + " " + scope).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  default void usageFiltersByNodeAndTimeAndSumsSpend() {
    Usage u = usageFixture();
    Org o = u.org();
    List<UsageRow> team1 = store().usage().usage(UsageQuery.of(o.scope(), UsageDimension.MODEL,
        u.day0(), u.day0() + 2 * 86_400_000L).only(ScopeType.TEAM, o.team().id()));
    assertThat(team1).extracting(UsageRow::group).containsExactly("gpt-4o");
    List<UsageRow> firstDay = store().usage().usage(UsageQuery.of(o.scope(), UsageDimension.KEY,
        u.day0(), u.day0() + 86_400_000L));
    assertThat(firstDay).extracting(UsageRow::group).containsExactly(u.key1().info().id());
    // [from, to) excludes a row exactly at `to`.
    assertThat(store().usage().usage(UsageQuery.of(o.scope(), UsageDimension.KEY, u.day0(),
        u.day0() + 1_000))).isEmpty();
    long all = u.day0() + 2 * 86_400_000L;
    UsageStore usage = store().usage();
    assertThat(usage.spendMicros(o.scope(), ScopeType.KEY, u.key1().info().id(), u.day0(), all))
        .isEqualTo(3_000);
    assertThat(usage.spendMicros(o.scope(), ScopeType.TENANT, o.tenant().id(), u.day0(), all))
        .isEqualTo(3_000);
    assertThat(usage.spendMicros(o.scope(), ScopeType.USER, u.user2().id(), u.day0(), all))
        .isZero();
    assertThat(usage.spendMicros(TenantScope.ALL, ScopeType.KEY, u.key1().info().id(), u.day0(),
        all)).isEqualTo(3_000);
  }

  @Test
  default void creditsAreGrantedAndChargedOnce() {
    Org o = newOrg("credits");
    TenantScope s = o.scope();
    assertThat(store().credits().balance(s, o.user().id())).isZero();
    assertThat(store().credits().adjust(s, o.user().id(), 10_000, "grant")).isEqualTo(10_000);
    LedgerEntry charged = LedgerEntry.builder("credit-req-" + StoreFixture.uid(), "gpt-4o")
        .at(clock().millis()).owner(null, o.user().id(), o.team().id(), o.department().id(),
            o.tenant().id()).tokens(1_000, 10, 200, 0).cacheWrites(700).cost(500L)
        .creditCharge(500).build();
    try (LedgerWriter w = new LedgerWriter(db(), new SimpleMeterRegistry())) {
      w.offer(charged);
      w.offer(charged); // the same row twice (a retry): charged once
      assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(store().credits().balance(s, o.user().id())).isEqualTo(9_500);
    List<CreditTransaction> tx = store().credits().transactions(s, o.user().id(), 10);
    assertThat(tx).extracting(CreditTransaction::amountMicros).containsExactlyInAnyOrder(10_000L,
        -500L);
    assertThat(tx).filteredOn(t -> t.amountMicros() < 0).singleElement()
        .satisfies(t -> assertThat(t.requestId()).isEqualTo(charged.requestId()));
    assertThat(store().usage().byRequest(s, charged.requestId())).containsExactly(charged);
  }

  private static String day(long millis) {
    return Instant.ofEpochMilli(millis).toString().substring(0, 10);
  }

  private static List<Long> figures(UsageRow r) {
    return List.of(r.requests(), r.errors(), r.cacheHits(), r.promptTokens(),
        r.completionTokens(), r.cachedTokens(), r.cacheWriteTokens(), r.reasoningTokens(),
        r.costMicros(), r.unpricedRequests());
  }
}
