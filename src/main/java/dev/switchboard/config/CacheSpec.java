package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code cache:} section: the exact-match response cache. The cache is on when the section is
 * present (and {@code enabled} is not false); which requests use it is decided per model, per key
 * and per request (see {@code docs/cache.md}). Immutable.
 *
 * @param enabled whether the response cache runs at all (false when the section is absent)
 * @param backend {@code memory} (this replica, size-bounded) or {@code redis} (shared by replicas)
 * @param ttl how long an answer is served from the cache after it was stored
 * @param maxBytes {@code max_bytes}: the most the in-memory cache holds (answers' JSON bytes)
 * @param maxEntryBytes {@code max_entry_bytes}: larger answers are not stored
 * @param models {@code models}: model-name patterns ({@code *} matches any text) cached by default
 * @param keyMetadata {@code key_metadata}: the key metadata label whose value {@code true} or
 *     {@code false} opts a key in or out; empty turns per-key opt-in off
 * @param requestOptIn {@code request_opt_in}: whether {@code X-Switchboard-Cache: on} may opt a
 *     request in for a model not listed
 */
public record CacheSpec(boolean enabled, String backend, Duration ttl, long maxBytes,
    long maxEntryBytes, List<String> models, String keyMetadata, boolean requestOptIn) {

  /** The in-memory backend. */
  public static final String MEMORY = "memory";
  /** The Redis backend (needs {@code server.redis_url}). */
  public static final String REDIS = "redis";

  public CacheSpec {
    models = List.copyOf(models);
  }

  /** The settings when the section is absent: the cache is off. */
  public static CacheSpec defaults() {
    return new CacheSpec(false, MEMORY, Duration.ofHours(1), 64L * 1024 * 1024, 1024L * 1024,
        List.of(), "cache", true);
  }

  /** Whether answers are kept in Redis. */
  public boolean redis() {
    return REDIS.equals(backend);
  }

  /**
   * Reads a {@code cache:} section given as JSON (the admin API's PUT body) with exactly the checks
   * of the YAML file.
   *
   * @param redisUrl the gateway's {@code server.redis_url} (empty when none)
   * @throws ConfigException naming every problem, with paths below {@code cache}
   */
  public static CacheSpec fromJson(JsonNode section, String redisUrl) {
    List<String> errors = new ArrayList<>();
    NodeReader root = NodeReader.root(
        JsonNodeFactory.instance.objectNode().set("cache", section), Map.of(), errors);
    CacheSpec spec = CacheSection.read(root);
    CacheSection.checkBackend(spec, redisUrl, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return spec;
  }
}
