package dev.switchboard;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.admin.GovernanceAdmin;
import dev.switchboard.api.Authenticator;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Pricing;
import dev.switchboard.config.StorageSpec;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.ApplicableLimits;
import dev.switchboard.governance.BudgetStage;
import dev.switchboard.governance.CredentialCipher;
import dev.switchboard.governance.KeyAuthStage;
import dev.switchboard.governance.KeyCache;
import dev.switchboard.governance.LedgerSink;
import dev.switchboard.governance.MasterKeyAuthStage;
import dev.switchboard.governance.PrepaidCreditStage;
import dev.switchboard.governance.RateLimitStage;
import dev.switchboard.governance.RedisKeyTier;
import dev.switchboard.governance.ScopeNames;
import dev.switchboard.governance.SharedKeyTier;
import dev.switchboard.governance.TenantCredentialStage;
import dev.switchboard.governance.limits.ConcurrencyLimiter;
import dev.switchboard.governance.limits.LimitScope;
import dev.switchboard.governance.limits.LocalConcurrencyLimiter;
import dev.switchboard.governance.limits.LocalRateLimits;
import dev.switchboard.governance.limits.LocalSpendCounters;
import dev.switchboard.governance.limits.RateLimits;
import dev.switchboard.governance.limits.RedisConcurrencyLimiter;
import dev.switchboard.governance.limits.RedisLink;
import dev.switchboard.governance.limits.RedisRateLimits;
import dev.switchboard.governance.limits.RedisSpendCounters;
import dev.switchboard.governance.limits.SpendCounters;
import dev.switchboard.governance.limits.TokenEstimator;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.routing.Route;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.UpstreamCredential;
import dev.switchboard.store.Database;
import dev.switchboard.store.DatabaseSettings;
import dev.switchboard.store.LedgerWriter;
import dev.switchboard.store.SqlGovernanceStore;
import dev.switchboard.store.TenantScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Wires governance: the durable store (SQLite file, or PostgreSQL), virtual-key authentication
 * over the two-tier key cache, rate limits, concurrency limits and budgets (shared through Redis
 * when {@code server.redis_url} is set), and the ledger. Part of the composition root. Enabled
 * when a master key is set, since only its holder can hand out virtual keys.
 *
 * <p>Threading: {@link #open} blocks (database migrations, Redis connections): call it on a worker
 * thread. The parts are thread-safe.
 */
final class GovernanceAssembly implements AutoCloseable {
  private static final String NAMESPACE = "sb";
  /** Published on the key channel after any admin change: drop cached limits and credentials. */
  private static final String ANY_CHANGE = "*";

  final Database db;
  final SqlGovernanceStore store;
  final KeyCache keys;
  final LedgerWriter ledger;
  private final RedisLink redis;
  private final ExecutorService lookups;
  private final ApplicableLimits limits;
  private final RateLimits rates;
  private final ConcurrencyLimiter concurrency;
  private final SpendCounters spend;
  private final TokenEstimator tokens = new TokenEstimator();
  private final String masterKey;
  private final MeterRegistry registry;
  private final SharedKeyTier shared;
  private TenantCredentialStage credentials;
  private PrepaidCreditStage prepaid;

  private GovernanceAssembly(GatewayConfig config, MeterRegistry registry) {
    Clock clock = Clock.systemUTC();
    StorageSpec s = config.storage();
    this.masterKey = config.server().masterKey();
    this.registry = registry;
    this.db = Database.open(DatabaseSettings.of(s.databaseUrl(), s.sqlitePath())
        .withReplica(s.replicaUrl().isEmpty() ? null : s.replicaUrl()), registry);
    CredentialCipher cipher = s.encryptionKey().isEmpty() ? null
        : CredentialCipher.fromKeyText(s.encryptionKey());
    this.store = new SqlGovernanceStore(db, cipher, clock);
    String redisUrl = config.server().redisUrl();
    SharedKeyTier shared = redisUrl.isEmpty() ? SharedKeyTier.NONE
        : RedisKeyTier.connect(redisUrl, NAMESPACE + ":keys", Duration.ofMinutes(5), registry);
    this.keys = new KeyCache(store.keys()::findByHash, shared, registry, Duration.ofMinutes(5),
        Duration.ofSeconds(30), 200, Ticker.systemTicker());
    this.shared = shared;
    // Another replica's admin change: its message on the key channel is the wildcard.
    shared.onInvalidation(hash -> {
      if (ANY_CHANGE.equals(hash)) {
        forgetCachedGovernance();
      }
    });
    this.lookups = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "limits-lookup");
      t.setDaemon(true);
      return t;
    });
    this.limits = new ApplicableLimits(store.limits()::applicableTo, Duration.ofSeconds(30),
        lookups);
    this.redis = redisUrl.isEmpty() ? null : RedisLink.connect(redisUrl, "switchboard-limits");
    this.rates = redis == null ? new LocalRateLimits()
        : new RedisRateLimits(redis, NAMESPACE, clock, registry);
    this.concurrency = redis == null ? new LocalConcurrencyLimiter()
        : new RedisConcurrencyLimiter(redis, NAMESPACE, Duration.ofMinutes(10), clock, registry);
    this.spend = redis == null ? new LocalSpendCounters(clock)
        : new RedisSpendCounters(redis, NAMESPACE, Duration.ofHours(1), clock, registry);
    this.ledger = new LedgerWriter(db, registry);
  }

  /** Whether this configuration turns governance on. */
  static boolean enabled(GatewayConfig config) {
    return config.server().hasMasterKey();
  }

  /** Opens the store and connects the shared state; blocking. */
  static GovernanceAssembly open(GatewayConfig config, MeterRegistry registry) {
    return new GovernanceAssembly(config, registry);
  }

  /**
   * The pipeline stages, in order: authentication, rate limits, budgets, prepaid credits, tenants'
   * own provider keys.
   */
  List<Stage> stages(Router router) {
    Function<String, Pricing> prices = model -> router.find(model)
        .map(Route::deployments).filter(d -> !d.isEmpty()).map(d -> d.get(0).pricing())
        .orElse(null);
    List<Stage> stages = new ArrayList<>();
    stages.add(new KeyAuthStage(masterKey, keys, Clock.systemUTC()));
    ScopeNames names = new ScopeNames(this::nameOf, lookups);
    stages.add(new RateLimitStage(limits, rates, concurrency, tokens, names));
    stages.add(new BudgetStage(limits, spend, tokens, prices, names));
    prepaid = new PrepaidCreditStage(user -> store.credits()
        .transactions(TenantScope.ALL, user, 1).isEmpty() ? Optional.empty()
        : Optional.of(store.credits().balance(TenantScope.ALL, user)), Duration.ofSeconds(2),
        lookups);
    stages.add(prepaid);
    credentials = new TenantCredentialStage(router, (tenant, provider) -> store.credentials()
        .get(TenantScope.ALL, tenant, provider)
        .map(c -> new UpstreamCredential(c.apiKey(), c.baseUrl())), Duration.ofSeconds(30),
        lookups);
    stages.add(credentials);
    return stages;
  }

  /** The name of a tenant, department, team, user (e-mail) or key; blocking. */
  private Optional<String> nameOf(LimitScope.Level level, String id) {
    var h = store.hierarchy();
    return switch (level) {
      case TENANT -> h.tenants().get(TenantScope.ALL, id).map(t -> t.name());
      case DEPARTMENT -> h.departments().get(TenantScope.ALL, id).map(d -> d.name());
      case TEAM -> h.teams().get(TenantScope.ALL, id).map(t -> t.name());
      case USER -> h.users().get(TenantScope.ALL, id).map(u -> u.email());
      case KEY -> store.keys().get(TenantScope.ALL, id).map(k -> k.name());
    };
  }

  private void forgetCachedGovernance() {
    limits.invalidateAll();
    if (credentials != null) {
      credentials.invalidateAll();
    }
    if (prepaid != null) {
      prepaid.invalidateAll();
    }
  }

  /** Data-plane checks outside the pipeline ({@code /v1/models}): master or virtual key. */
  Authenticator authenticator() {
    MasterKeyAuthStage master = new MasterKeyAuthStage(masterKey);
    return new Authenticator() {
      @Override
      public void check(MultiMap headers) {
        master.check(headers);
      }

      @Override
      public Future<Set<String>> allowedModels(
          MultiMap headers) {
        String presented = MasterKeyAuthStage.presentedKey(headers);
        if (!ApiKeys.looksLikeKey(presented)) {
          return Authenticator.super.allowedModels(headers);
        }
        return keys.find(ApiKeys.hash(presented)).compose(k -> k.isPresent()
            && k.get().usableAt(System.currentTimeMillis())
            ? Future.succeededFuture(Set.copyOf(k.get().models()))
            : Future.failedFuture(GatewayException.of(ErrorKind.AUTHENTICATION,
                "Invalid, revoked or expired API key.")));
      }
    };
  }

  UsageSink usageSink() {
    return new LedgerSink(ledger, registry);
  }

  /**
   * The governance admin API (hierarchy, keys, limits, credentials, audit, usage). A changed key
   * is dropped from every replica's key cache at once; after any change every replica also
   * forgets its cached limits, credit balances and tenants' credentials (through Redis; without
   * it there is only this replica).
   */
  OpsEndpoints ops() {
    GovernanceAdmin admin = new GovernanceAdmin(store, keys::invalidateKeyId, Clock.systemUTC());
    return new OpsEndpoints() {
      @Override
      public boolean owns(String path) {
        return admin.owns(path);
      }

      @Override
      public Future<Buffer> answer(
          HttpServerRequest req) {
        boolean change = !req.method().equals(HttpMethod.GET);
        return admin.answer(req).onSuccess(b -> {
          if (change) {
            forgetCachedGovernance();
            Vertx.currentContext().executeBlocking(() -> {
              // other replicas catch up within their caches' TTLs (30 s) if this fails
              shared.invalidate(ANY_CHANGE);
              return null;
            });
          }
        });
      }
    };
  }

  /** After the HTTP servers stopped: flush the ledger, then close connections. */
  @Override
  public void close() {
    ledger.close(Duration.ofSeconds(30));
    keys.close();
    lookups.shutdown();
    if (redis != null) {
      redis.close();
    }
    db.close();
  }
}
