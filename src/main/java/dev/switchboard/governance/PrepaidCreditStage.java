package dev.switchboard.governance;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Prepaid credits: a user who has ever been given credits pays each request from them. A request
 * is refused with 402 once the balance is used up; an admitted one is marked so its ledger row
 * carries the charge (the ledger writer deducts it in the same batch as the row, once). The
 * balance is read through a short-lived cache, so the store stays off the request path; a
 * replica may therefore let a couple of seconds' worth of requests through after the balance
 * reached zero.
 *
 * <p>Threading: thread-safe; misses run on the given executor (the store blocks).
 */
public final class PrepaidCreditStage implements Stage {
  /** Set on requests paid from prepaid credits. */
  public static final AttributeKey<Boolean> PREPAID = AttributeKey.named("prepaid");

  private final Function<String, Optional<Long>> balances;
  private final AsyncCache<String, Optional<Long>> cache;

  /** @param balances user id → balance in micro-dollars, empty when the user is not prepaid */
  public PrepaidCreditStage(Function<String, Optional<Long>> balances, Duration ttl,
      Executor executor) {
    this.balances = balances;
    this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ttl)
        .executor(executor).buildAsync();
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    if (key == null || key.userId() == null) {
      return next.proceed(ex);
    }
    return balance(key.userId()).compose(b -> {
      if (b.isEmpty()) {
        return next.proceed(ex);
      }
      if (b.get() <= 0) {
        return Future.failedFuture(GatewayException.of(ErrorKind.CREDITS_EXHAUSTED, "The"
            + " prepaid credits of this key's user are used up (balance "
            + GovernedScopes.usd(b.get()) + "). Ask your gateway administrator to top them up."));
      }
      ex.attribute(PREPAID, Boolean.TRUE);
      return next.proceed(ex);
    });
  }

  private Future<Optional<Long>> balance(String userId) {
    CompletableFuture<Optional<Long>> hit = cache.getIfPresent(userId);
    if (hit != null && hit.isDone() && !hit.isCompletedExceptionally()) {
      return Future.succeededFuture(hit.join());
    }
    CompletableFuture<Optional<Long>> loading = cache.get(userId, (id, executor) ->
        CompletableFuture.supplyAsync(() -> balances.apply(id), executor));
    var ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(loading)
        : Future.fromCompletionStage(loading, ctx);
  }

  /** Forgets cached balances (credits changed through the admin API). */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
