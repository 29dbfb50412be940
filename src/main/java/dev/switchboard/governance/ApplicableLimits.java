package dev.switchboard.governance;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.store.Limits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Every limit that applies to a key (its own and its user's, team's, department's and tenant's),
 * cached per key so the store is asked once per key and TTL, not per request. A change made
 * through the admin API takes effect here within the TTL (and at once on this replica, which
 * invalidates).
 *
 * <p>Threading: thread-safe; {@link #forKey} answers hits at once and runs misses on the given
 * executor (the store blocks), coming back on the caller's context.
 */
public final class ApplicableLimits {
  private final AsyncCache<String, List<Limits>> cache;
  private final Function<KeyRecord, List<Limits>> store;

  public ApplicableLimits(Function<KeyRecord, List<Limits>> store, Duration ttl,
      Executor executor) {
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ttl)
        .executor(executor).buildAsync();
  }

  /** The limits of {@code key}; fails when they are not cached and the store cannot answer. */
  public Future<List<Limits>> forKey(KeyRecord key) {
    CompletableFuture<List<Limits>> cached = cache.getIfPresent(key.id());
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      return Future.succeededFuture(cached.join());
    }
    CompletableFuture<List<Limits>> loading = cache.get(key.id(), (id, executor) ->
        CompletableFuture.supplyAsync(() -> List.copyOf(store.apply(key)), executor));
    Context ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(loading)
        : Future.fromCompletionStage(loading, ctx);
  }

  /** Forgets every cached set (limits changed through the admin API). */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
