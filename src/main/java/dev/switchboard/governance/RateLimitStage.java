package dev.switchboard.governance;

import dev.switchboard.governance.limits.ConcurrencyCheck;
import dev.switchboard.governance.limits.ConcurrencyDecision;
import dev.switchboard.governance.limits.ConcurrencyLimiter;
import dev.switchboard.governance.limits.RateCheck;
import dev.switchboard.governance.limits.RateDecision;
import dev.switchboard.governance.limits.RateHeadroom;
import dev.switchboard.governance.limits.RateLimits;
import dev.switchboard.governance.limits.TokenEstimator;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.store.Limits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * Enforces requests per minute, tokens per minute and concurrent requests at every level that
 * set them for the calling key, before the call: all levels are charged together or none is.
 * Tokens are estimated from the prompt beforehand and corrected to the provider's count
 * afterwards. Answers carry OpenAI's {@code x-ratelimit-*} headers; a refusal is a 429 naming the
 * level and limit, with {@code Retry-After}.
 *
 * <p>Threading: stateless apart from thread-safe collaborators; safe on every event loop.
 */
public final class RateLimitStage implements Stage {
  private final ApplicableLimits limits;
  private final RateLimits rates;
  private final ConcurrencyLimiter concurrency;
  private final TokenEstimator tokens;
  private final ScopeNames names;

  public RateLimitStage(ApplicableLimits limits, RateLimits rates,
      ConcurrencyLimiter concurrency, TokenEstimator tokens, ScopeNames names) {
    this.names = names;
    this.limits = limits;
    this.rates = rates;
    this.concurrency = concurrency;
    this.tokens = tokens;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    if (key == null) {
      return next.proceed(ex);
    }
    return limits.forKey(key).compose(ls -> withLimits(ex, next, ls));
  }

  private Future<Reply> withLimits(Exchange ex, Chain next, List<Limits> ls) {
    String model = ex.model();
    List<ConcurrencyCheck> slots = GovernedScopes.concurrency(ls, model);
    boolean anyRate = ls.stream().anyMatch(l -> l.rpm() != null || l.tpm() != null);
    List<RateCheck> checks = anyRate
        ? GovernedScopes.rate(ls, model, tokens.estimateCheap(ex.body())) : List.of();
    if (checks.isEmpty() && slots.isEmpty()) {
      return next.proceed(ex);
    }
    Future<RateDecision> rated = checks.isEmpty() ? Future.succeededFuture(null)
        : onContext(rates.acquire(checks));
    return rated.compose(decision -> {
      if (decision != null) {
        headers(ex, decision);
        if (!decision.allowed()) {
          return names.describe(decision.refusedBy().scope())
              .compose(who -> Future.failedFuture(refused(decision, who)));
        }
      }
      return withSlot(ex, next, slots, decision);
    });
  }

  private Future<Reply> withSlot(Exchange ex, Chain next, List<ConcurrencyCheck> slots,
      RateDecision decision) {
    Future<ConcurrencyDecision> slot = slots.isEmpty() ? Future.succeededFuture(null)
        : onContext(concurrency.acquire(slots));
    return slot.compose(held -> {
      if (held != null && !held.allowed()) {
        ConcurrencyCheck c = held.refusedBy();
        return names.describe(c.scope()).compose(who -> Future.failedFuture(
            GatewayException.builder(ErrorKind.LIMIT_EXCEEDED, "Too many requests in flight for "
                + who + ": at most " + c.maxConcurrent() + " at once. Retry when one has"
                + " finished.").retryAfter("1").build()));
      }
      return next.proceed(ex).andThen(ar -> settle(ar.succeeded() ? ar.result() : null,
          decision, held));
    });
  }

  /** Corrects the token estimate and frees the concurrency slot once the answer is complete. */
  private void settle(Reply reply, RateDecision decision, ConcurrencyDecision held) {
    if (reply == null) {
      release(held);
      return;
    }
    reply.usage().onComplete(u -> {
      release(held);
      if (decision != null && u.succeeded() && u.result().reported()) {
        rates.correctTokens(decision, u.result().totalTokens());
      }
    });
  }

  private void release(ConcurrencyDecision held) {
    if (held != null && held.permit() != null) {
      concurrency.release(held.permit());
    }
  }

  private static void headers(Exchange ex, RateDecision d) {
    if (!d.allowed()) {
      RateHeadroom h = d.refusedBy();
      put(ex, h.kind().name().equals("RPM") ? "requests" : "tokens", new RateHeadroom(h.scope(),
          h.kind(), h.limit(), 0, d.retryAfter()));
      return;
    }
    put(ex, "requests", d.requests());
    put(ex, "tokens", d.tokens());
  }

  private static void put(Exchange ex, String kind, RateHeadroom h) {
    if (h == null) {
      return;
    }
    ex.responseHeader("x-ratelimit-limit-" + kind, Long.toString(h.limit()));
    ex.responseHeader("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, h.remaining())));
    ex.responseHeader("x-ratelimit-reset-" + kind, seconds(h.reset()));
  }

  private static String seconds(Duration d) {
    return Math.max(0, (d.toMillis() + 999) / 1000) + "s";
  }

  private static GatewayException refused(RateDecision d, String who) {
    RateHeadroom h = d.refusedBy();
    long retry = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
    String what = h.kind().name().equals("RPM") ? "requests per minute" : "tokens per minute";
    return GatewayException.builder(ErrorKind.LIMIT_EXCEEDED, "Rate limit exceeded for "
        + who + ": " + h.limit() + " " + what + ". Retry in "
        + retry + " s.").retryAfter(Long.toString(retry)).build();
  }

  private static <T> Future<T> onContext(java.util.concurrent.CompletionStage<T> stage) {
    var ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx);
  }
}
