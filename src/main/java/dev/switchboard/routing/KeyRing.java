package dev.switchboard.routing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which of a provider's API keys is in use. All requests use the provider's current key; when the
 * provider answers 429 or 401 with it, the ring moves on to the next key for everyone, so a
 * rate-limited or revoked key stops being used at once instead of once per request.
 *
 * <p>Threading: lock-free; shared by every event loop.
 */
public final class KeyRing {
  private final Map<String, AtomicInteger> current = new ConcurrentHashMap<>();

  /** The key the next request to this deployment's provider uses; "" when it has none. */
  public String key(Deployment d) {
    List<String> keys = d.apiKeys();
    if (keys.size() < 2) {
      return keys.isEmpty() ? d.target().apiKey() : keys.get(0);
    }
    int i = index(d.provider()).get();
    return keys.get(Math.floorMod(i, keys.size()));
  }

  /**
   * Moves the provider past {@code failedKey} if it is still the current one (several requests
   * failing with the same key rotate once, not once each). Returns whether another key exists.
   */
  public boolean rotate(Deployment d, String failedKey) {
    List<String> keys = d.apiKeys();
    if (keys.size() < 2) {
      return false;
    }
    AtomicInteger i = index(d.provider());
    int seen = i.get();
    if (keys.get(Math.floorMod(seen, keys.size())).equals(failedKey)) {
      i.compareAndSet(seen, seen + 1);
    }
    return true;
  }

  private AtomicInteger index(String provider) {
    return current.computeIfAbsent(provider, p -> new AtomicInteger());
  }
}
