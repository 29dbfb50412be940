package dev.switchboard.governance;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Route;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.UpstreamCredential;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Tenants bring their own provider keys: for a request made with a tenant's virtual key, this
 * stage finds the tenant's credentials for the providers that may serve the model and puts them
 * on the exchange, so the dispatcher calls those providers as the tenant instead of with the
 * gateway's keys. Credentials are cached (decrypted, in memory only) per tenant and provider for
 * a short TTL; a change through the admin API invalidates them.
 *
 * <p>Threading: thread-safe; hits answer at once, misses run on the given executor (the store
 * blocks).
 */
public final class TenantCredentialStage implements Stage {
  private final Router router;
  private final BiFunction<String, String, Optional<UpstreamCredential>> store;
  private final AsyncCache<String, Optional<UpstreamCredential>> cache;

  /** @param store (tenant id, provider) → the tenant's credential; blocking */
  public TenantCredentialStage(Router router,
      BiFunction<String, String, Optional<UpstreamCredential>> store, Duration ttl,
      Executor executor) {
    this.router = router;
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(ttl)
        .executor(executor).buildAsync();
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    Route route = key == null ? null : router.find(ex.model()).orElse(null);
    if (route == null) {
      return next.proceed(ex);
    }
    List<Future<Optional<UpstreamCredential>>> lookups = new ArrayList<>();
    List<String> providers = new ArrayList<>();
    for (Deployment d : route.deployments()) {
      if (!providers.contains(d.provider())) {
        providers.add(d.provider());
        lookups.add(lookup(key.tenantId(), d.provider()));
      }
    }
    return Future.all(lookups).compose(all -> {
      Map<String, UpstreamCredential> own = new HashMap<>();
      for (int i = 0; i < providers.size(); i++) {
        String provider = providers.get(i);
        lookups.get(i).result().ifPresent(c -> own.put(provider, c));
      }
      if (!own.isEmpty()) {
        ex.attribute(UpstreamCredential.ON_EXCHANGE, own);
      }
      return next.proceed(ex);
    });
  }

  private Future<Optional<UpstreamCredential>> lookup(String tenantId, String provider) {
    String k = tenantId + '\u0000' + provider;
    CompletableFuture<Optional<UpstreamCredential>> hit = cache.getIfPresent(k);
    if (hit != null && hit.isDone() && !hit.isCompletedExceptionally()) {
      return Future.succeededFuture(hit.join());
    }
    CompletableFuture<Optional<UpstreamCredential>> loading = cache.get(k, (key, executor) ->
        CompletableFuture.supplyAsync(() -> store.apply(tenantId, provider), executor));
    var ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(loading)
        : Future.fromCompletionStage(loading, ctx);
  }

  /** Forgets cached credentials (a tenant's credentials changed). */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
