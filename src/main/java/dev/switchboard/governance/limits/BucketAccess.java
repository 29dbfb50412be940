package dev.switchboard.governance.limits;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.CompletableFuture;

/**
 * The three bucket operations {@link BucketAcquirer} needs, over local or Redis buckets.
 *
 * <p>Implementations are thread-safe; Redis ones complete on Lettuce's I/O threads.
 */
interface BucketAccess {

  /** Takes {@code charge.tokens()} if available, and reports what is left either way. */
  CompletableFuture<ConsumptionProbe> tryConsume(Charge charge);

  /** Gives {@code tokens} back, never beyond the capacity. */
  CompletableFuture<Void> refund(Charge charge, long tokens);

  /** Takes {@code tokens} even if that leaves the bucket in debt. */
  CompletableFuture<Void> forceConsume(Charge charge, long tokens);
}
