package dev.switchboard.governance;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The second tier of the key cache, shared by every replica (Redis), plus the channel on which a
 * revocation or change reaches every replica's first tier. Methods may block briefly: they are
 * called from the key cache's lookup threads and from admin operations, never from an event loop.
 */
public interface SharedKeyTier extends AutoCloseable {

  /** No second tier: a single node. */
  SharedKeyTier NONE = new SharedKeyTier() {
    @Override
    public Optional<KeyRecord> get(String keyHash) {
      return Optional.empty();
    }

    @Override
    public void put(KeyRecord key) {
      // nothing shared
    }

    @Override
    public void invalidate(String keyHash) {
      // nothing shared
    }

    @Override
    public void onInvalidation(Consumer<String> listener) {
      // no other replicas
    }

    @Override
    public void close() {
      // nothing to close
    }
  };

  /** The shared copy of a key, if another replica already loaded it. */
  Optional<KeyRecord> get(String keyHash);

  /** Shares a key loaded from the store. */
  void put(KeyRecord key);

  /** Drops the shared copy and tells every replica to drop theirs. */
  void invalidate(String keyHash);

  /** Called with the hash of every key another replica invalidated. */
  void onInvalidation(Consumer<String> listener);

  @Override
  void close();
}
