package dev.switchboard.governance;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.governance.limits.LimitScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Names the level a refusal comes from the way its owners know it — {@code team 'research'},
 * {@code user 'ada@acme.test'} — instead of by id. Looked up only when a request is refused (and
 * cached), so it costs nothing on the requests that pass; falls back to the id when the store
 * cannot say.
 *
 * <p>Threading: thread-safe; lookups run on the given executor (the store blocks).
 */
public final class ScopeNames {
  private final BiFunction<LimitScope.Level, String, Optional<String>> store;
  private final AsyncCache<String, Optional<String>> cache;

  /** @param store (level, id) → the entity's name (a user's e-mail); blocking */
  public ScopeNames(BiFunction<LimitScope.Level, String, Optional<String>> store,
      Executor executor) {
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(10_000)
        .expireAfterWrite(Duration.ofMinutes(5)).executor(executor).buildAsync();
  }

  /** {@code team 'research'} (or {@code team 'tm_…'}), plus {@code for model 'x'} if narrowed. */
  public Future<String> describe(LimitScope s) {
    CompletableFuture<Optional<String>> name = cache.get(s.level() + ":" + s.id(),
        (k, executor) -> CompletableFuture.supplyAsync(() -> lookup(s), executor));
    var ctx = Vertx.currentContext();
    Future<Optional<String>> f = ctx == null ? Future.fromCompletionStage(name)
        : Future.fromCompletionStage(name, ctx);
    return f.otherwise(Optional.empty()).map(n -> GovernedScopes.describe(s, n.orElse(s.id())));
  }

  private Optional<String> lookup(LimitScope s) {
    try {
      return store.apply(s.level(), s.id());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
