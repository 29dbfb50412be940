package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Where cached answers live, partitioned by tenant: in this replica's memory or in Redis.
 * Failures of a shared store never fail a request: a lookup that cannot be answered is a miss and a
 * write that fails is dropped.
 *
 * <p>Threading: thread-safe; methods are called on event loops and never block; futures complete
 * on the caller's context when there is one.
 */
interface AnswerStore {

  /** The answer stored under {@code hash} in {@code tenant}'s partition, or null. */
  Future<CachedAnswer> get(String tenant, String hash);

  /** Stores an answer for {@code ttl}; fire and forget. */
  void put(String tenant, String hash, CachedAnswer answer, Duration ttl);

  /**
   * Removes every answer, or only {@code tenant}'s when it is not null.
   *
   * @return how many answers were removed
   */
  Future<Long> flush(String tenant);

  /** Backend-specific figures for the admin API (size, entries, connection). */
  void describe(ObjectNode out);

  /** Releases connections; blocking, called on a worker thread at shutdown. */
  default void close() {}
}
