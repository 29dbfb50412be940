package dev.switchboard.admin;

/**
 * Tells the gateway's key caches that a virtual key changed (revoked, edited, deleted, its limits
 * set or removed, or moved to another team along with its user), so that every replica stops trusting its cached copy.
 * The governance admin API calls it after the change is committed and before it answers; if it
 * throws, the change stands (and is audited) and the caller gets a 500 saying the caches may be
 * stale.
 *
 * <p>Threading: called on Vert.x worker threads, possibly several at once; implementations are
 * thread-safe and return quickly (they may block briefly, e.g. to publish an invalidation).
 */
@FunctionalInterface
public interface KeyInvalidation {
  /** Ignores every change: for gateways without a key cache, and for tests. */
  KeyInvalidation NONE = keyId -> { };

  /** The key with this id changed; drop any cached copy of it everywhere. */
  void keyChanged(String keyId);
}
