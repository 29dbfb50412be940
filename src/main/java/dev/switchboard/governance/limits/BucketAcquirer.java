package dev.switchboard.governance.limits;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The all-or-nothing logic of {@link RateLimits}, shared by the local and Redis engines: expands
 * checks into charges, asks every bucket at once, refunds the accepted charges when any bucket
 * refuses, and settles token estimates.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
final class BucketAcquirer {
  private final BucketAccess access;
  private final Object origin;
  private final Consumer<Throwable> onRefundFailure;

  /**
   * @param origin stamped on decisions so a correction reaches the engine that charged
   * @param onRefundFailure told when a refund fails (the bucket then stays charged)
   */
  BucketAcquirer(BucketAccess access, Object origin, Consumer<Throwable> onRefundFailure) {
    this.access = access;
    this.origin = origin;
    this.onRefundFailure = onRefundFailure;
  }

  /**
   * Charges every check. Fails (after refunding what succeeded) if any bucket operation fails, so
   * the caller can decide the whole request elsewhere.
   */
  CompletableFuture<RateDecision> acquire(List<RateCheck> checks) {
    List<Charge> charges = charges(checks);
    if (charges.isEmpty()) {
      return CompletableFuture.completedFuture(RateDecision.allow(null, null, charges, origin));
    }
    List<CompletableFuture<ConsumptionProbe>> probes = new ArrayList<>(charges.size());
    for (Charge c : charges) {
      probes.add(access.tryConsume(c));
    }
    return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .handle((ignored, error) -> {
          if (error != null) {
            refundAccepted(charges, probes); // not awaited: the caller falls back at once
            throw new CompletionException(LuaScript.unwrap(error));
          }
          return decide(charges, probes);
        }).thenCompose(decision -> decision);
  }

  /** Takes or gives back the difference between the charged estimate and the actual tokens. */
  CompletableFuture<Void> correct(RateDecision decision, long actualTokens) {
    if (actualTokens < 0) {
      throw new IllegalArgumentException("actual tokens cannot be negative: " + actualTokens);
    }
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (Charge c : decision.charges()) {
      long diff = c.kind() == RateKind.TPM ? actualTokens - c.tokens() : 0;
      if (diff > 0) {
        done.add(access.forceConsume(c, diff));
      } else if (diff < 0) {
        done.add(access.refund(c, -diff));
      }
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
  }

  static List<Charge> charges(List<RateCheck> checks) {
    List<Charge> charges = new ArrayList<>(checks.size() * 2);
    for (RateCheck check : checks) {
      if (check.rpm() > 0) {
        charges.add(new Charge(check.scope(), RateKind.RPM, check.rpm(), 1));
      }
      if (check.tpm() > 0) {
        // Bucket4j refuses a zero charge; above the capacity a request could never pass
        long tokens = Math.min(check.tpm(), Math.max(1, check.estimatedTokens()));
        charges.add(new Charge(check.scope(), RateKind.TPM, check.tpm(), tokens));
      }
    }
    return charges;
  }

  private CompletableFuture<RateDecision> decide(List<Charge> charges,
      List<CompletableFuture<ConsumptionProbe>> all) {
    RateHeadroom requests = null;
    RateHeadroom tokens = null;
    int refusing = -1;
    long longestWait = -1;
    for (int i = 0; i < charges.size(); i++) {
      Charge c = charges.get(i);
      ConsumptionProbe p = all.get(i).join();
      if (!p.isConsumed()) {
        // the bucket that takes longest to refill is the one Retry-After must wait for
        if (p.getNanosToWaitForRefill() > longestWait) {
          longestWait = p.getNanosToWaitForRefill();
          refusing = i;
        }
        continue;
      }
      RateHeadroom h = c.headroom(p.getRemainingTokens(), p.getNanosToWaitForReset());
      if (c.kind() == RateKind.RPM) {
        requests = tighter(requests, h);
      } else {
        tokens = tighter(tokens, h);
      }
    }
    if (refusing < 0) {
      return CompletableFuture.completedFuture(
          RateDecision.allow(requests, tokens, charges, origin));
    }
    ConsumptionProbe p = all.get(refusing).join();
    RateDecision refusal = RateDecision.refuse(charges.get(refusing).headroom(
        p.getRemainingTokens(), p.getNanosToWaitForReset()), Duration.ofNanos(longestWait), origin);
    // a refusal waits for its refunds, so whoever the client tells next sees the buckets whole
    return refundAccepted(charges, all).thenApply(ignored -> refusal);
  }

  private static RateHeadroom tighter(RateHeadroom current, RateHeadroom candidate) {
    return current == null || candidate.remaining() < current.remaining() ? candidate : current;
  }

  /** Gives back every accepted charge; completes when all are done, never exceptionally. */
  private CompletableFuture<Void> refundAccepted(List<Charge> charges,
      List<CompletableFuture<ConsumptionProbe>> all) {
    List<CompletableFuture<Void>> refunds = new ArrayList<>();
    for (int i = 0; i < charges.size(); i++) {
      CompletableFuture<ConsumptionProbe> f = all.get(i);
      if (f.isDone() && !f.isCompletedExceptionally() && f.join().isConsumed()) {
        Charge c = charges.get(i);
        refunds.add(access.refund(c, c.tokens()).handle((ok, error) -> {
          if (error != null) {
            onRefundFailure.accept(error);
          }
          return null;
        }));
      }
    }
    return CompletableFuture.allOf(refunds.toArray(CompletableFuture[]::new));
  }
}
