package dev.switchboard.governance.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Requests-per-minute and tokens-per-minute limits: one Bucket4j bucket per scope, kind and limit,
 * with capacity = limit and a greedy refill of limit tokens per minute (so a full bucket allows a
 * burst of the whole limit, then one request every 60/limit seconds).
 *
 * <p><b>All or nothing.</b> One request's checks are charged together: every bucket is asked at
 * once; if any refuses, the buckets that accepted are refunded ({@code addTokens}) before the
 * refusal completes. The race accepted: between the charge and the refund, a concurrent request
 * may see those buckets lower than they end up and be refused needlessly. The error is always on
 * the safe side (never more admitted than the limit) and lasts one round trip. A refund also
 * cannot lift a bucket above its capacity, so a bucket that refilled meanwhile loses that much.
 *
 * <p><b>Tokens.</b> The TPM charge is the estimate, at least 1 and at most the limit (an estimate
 * above the limit waits for a full bucket instead of being refused forever). After the reply,
 * {@link #correctTokens} takes the difference to the actual count, which may leave the bucket in
 * debt: later requests wait until it is repaid.
 *
 * <p><b>Changing a limit.</b> The limit is part of the bucket key, so a new value takes effect on
 * the next request on every replica, with no coordination. The new bucket starts full: for up to
 * one minute after a change, the old bucket's usage is not counted against the new limit. Old
 * buckets expire by themselves.
 *
 * <p>Threading: every method is non-blocking and safe on event loops. Returned stages may complete
 * on another thread (Lettuce's I/O threads for Redis): Vert.x callers hop back to their context.
 */
public interface RateLimits {

  /**
   * Charges one request against every check, all or nothing. Checks with no limits are ignored;
   * with none at all the request is allowed without I/O.
   */
  CompletionStage<RateDecision> acquire(List<RateCheck> checks);

  /**
   * Settles the token estimate of an allowed decision once the actual count is known: takes the
   * difference when the estimate was low, gives it back when it was high. Does nothing for a
   * refused decision or when nothing was charged for tokens. Call it at most once per decision.
   */
  CompletionStage<Void> correctTokens(RateDecision decision, long actualTokens);
}
