package dev.switchboard.governance;

import java.util.Optional;

/**
 * Finds a virtual key by its hash in the durable store. Blocking (JDBC): called only from the key
 * cache's own lookup threads, never from an event loop.
 */
@FunctionalInterface
public interface KeyLookup {

  /**
   * The key with this hash, or empty when there is none.
   *
   * @throws RuntimeException when the store cannot answer (the caller then refuses with 503)
   */
  Optional<KeyRecord> findByHash(String keyHash);
}
