package dev.switchboard.policy.cache;

import dev.switchboard.config.CacheSpec;
import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the response cache from the {@code cache:} section: nothing at all when the section is
 * absent (no stage, no cost on the hot path); otherwise the {@link CacheStage}, its store (memory or
 * Redis) and {@code /admin/cache}. Stateless.
 */
public final class CachePolicy {
  private CachePolicy() {}

  /** The stages and admin endpoints of the response cache. */
  public static PolicyParts build(PolicyContext ctx) {
    return build(ctx, Clock.systemUTC());
  }

  /** As {@link #build(PolicyContext)}, telling time by {@code clock} (tests move it). */
  public static PolicyParts build(PolicyContext ctx, Clock clock) {
    CacheSpec spec = ctx.config().policies().cache();
    if (!spec.enabled()) {
      return PolicyParts.NONE;
    }
    CacheMetrics metrics = new CacheMetrics(ctx.registry(), spec.backend());
    String redisUrl = ctx.config().server().redisUrl();
    AnswerStore store = spec.redis() ? new RedisAnswerStore(redisUrl)
        : new MemoryAnswerStore(spec.maxBytes(), clock, metrics);
    AtomicReference<CacheRules> rules = new AtomicReference<>(CacheRules.compile(spec));
    return new PolicyParts(List.of(new CacheStage(rules, store, metrics, clock)),
        new CacheAdmin(rules, store, metrics, redisUrl).endpoint(), store::close);
  }
}
