package dev.switchboard.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key cache's tiers, negative caching and flood protection, and the auth stage's answers. */
class KeyAuthTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"),
      ZoneOffset.UTC);
  private final Map<String, KeyRecord> db = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicBoolean dbDown = new AtomicBoolean();
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final KeyCache cache = new KeyCache(hash -> {
    lookups.incrementAndGet();
    if (dbDown.get()) {
      throw new IllegalStateException("connection refused");
    }
    return Optional.ofNullable(db.get(hash));
  }, SharedKeyTier.NONE, new SimpleMeterRegistry(), Duration.ofMinutes(5), Duration.ofSeconds(30),
      50, ticker, new DirectExecutorService());

  @AfterEach
  void close() {
    cache.close();
  }

  private String addKey(String name, List<String> models, long expires, boolean revoked) {
    String key = ApiKeys.generate();
    db.put(ApiKeys.hash(key), new KeyRecord("id-" + name, ApiKeys.hash(key), name, "u", "t", "d",
        "tenant", models, expires, revoked, Map.of()));
    return key;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aKeyInUseIsLookedUpOnceAndAnUnknownOneIsRememberedForAWhile() throws Exception {
    String key = addKey("k", List.of(), 0, false);
    for (int i = 0; i < 100; i++) {
      assertThat(await(cache.find(ApiKeys.hash(key)))).isPresent();
    }
    assertThat(lookups).hasValue(1);
    String unknown = ApiKeys.hash(ApiKeys.generate());
    for (int i = 0; i < 100; i++) {
      assertThat(await(cache.find(unknown))).isEmpty();
    }
    assertThat(lookups).hasValue(2);
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    await(cache.find(unknown));
    await(cache.find(ApiKeys.hash(key)));
    assertThat(lookups).as("negative entries expire sooner").hasValue(3);
  }

  @Test
  void withTheStoreDownCachedKeysWorkAndNewOnesGetAClear503() throws Exception {
    String key = addKey("k", List.of(), 0, false);
    await(cache.find(ApiKeys.hash(key)));
    dbDown.set(true);
    assertThat(await(cache.find(ApiKeys.hash(key)))).isPresent();
    String fresh = addKey("fresh", List.of(), 0, false);
    Exchange ex = exchange(fresh, "gpt-4o");
    Throwable t = failure(stage().apply(ex, e -> ok()));
    assertThat(((GatewayException) t).kind()).isEqualTo(ErrorKind.AUTH_UNAVAILABLE);
    dbDown.set(false);
    assertThat(await(cache.find(ApiKeys.hash(fresh)))).as("failures are not cached").isPresent();
  }

  @Test
  void aFloodOfMadeUpKeysCannotReachTheStore() throws Exception {
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        await(cache.find(ApiKeys.hash(ApiKeys.generate())));
      } catch (java.util.concurrent.ExecutionException e) {
        // only the throttle's refusal counts; anything else fails the test
        assertThat(e.getCause()).isInstanceOf(KeyCache.KeyStoreUnavailable.class);
        refused++;
      }
    }
    assertThat(lookups.get()).as("the lookup budget (burst 100)").isLessThanOrEqualTo(110);
    assertThat(refused).isGreaterThanOrEqualTo(890);
  }

  @Test
  void theStageAdmitsUsableKeysAndSaysWhyOthersAreRefused() throws Exception {
    String ok = addKey("ok", List.of("gpt-4o"), 0, false);
    Exchange ex = exchange(ok, "gpt-4o");
    assertThat(await(stage().apply(ex, e -> ok()))).isNotNull();
    assertThat(ex.attribute(KeyAuthStage.KEY).name()).isEqualTo("ok");
    assertThat(ex.principal()).isEqualTo("ok");

    assertThat(message(exchange(ok, "gpt-4o-mini"))).contains("may not use model 'gpt-4o-mini'");
    assertThat(message(exchange(addKey("old", List.of(), NOW.millis() - 1, false), "m")))
        .contains("expired");
    assertThat(message(exchange(addKey("gone", List.of(), 0, true), "m"))).contains("revoked");
    assertThat(message(exchange(ApiKeys.generate(), "m"))).contains("Invalid API key");
    assertThat(message(exchange("sk-something-else", "m"))).contains("Invalid API key");
    assertThat(message(exchange(null, "m"))).contains("Missing API key");
    Exchange master = exchange("sk-master", "m");
    await(stage().apply(master, e -> ok()));
    assertThat(master.principal()).isEqualTo("master");
  }

  private KeyAuthStage stage() {
    return new KeyAuthStage("sk-master", cache, NOW);
  }

  private String message(Exchange ex) throws Exception {
    return failure(stage().apply(ex, e -> ok())).getMessage();
  }

  private static Throwable failure(Future<Reply> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a refusal");
  }

  private static Future<Reply> ok() {
    return Future.succeededFuture(new Reply.Complete(200, Buffer.buffer("{}"), Usage.UNKNOWN));
  }

  private static Exchange exchange(String key, String model) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (key != null) {
      headers.add("authorization", "Bearer " + key);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model);
    return new Exchange("r", Endpoint.CHAT, headers, body, Buffer.buffer(), 0);
  }
}
