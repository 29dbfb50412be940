package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code cache:} section. Every field has a default; mistakes are reported with their
 * path. Stateless.
 */
final class CacheSection {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  /** One answer is held in memory as one array while it is stored or replayed. */
  private static final long MAX_ENTRY_LIMIT = 256L * 1024 * 1024;
  private static final Pattern MODEL_PATTERN = Pattern.compile("[^\\s]{1,200}");

  private CacheSection() {}

  static CacheSpec read(NodeReader root) {
    CacheSpec d = CacheSpec.defaults();
    if (!root.present("cache")) {
      return d;
    }
    NodeReader r = root.object("cache");
    boolean enabled = r.bool("enabled", true);
    String backend = r.string("backend", d.backend()).trim().toLowerCase(java.util.Locale.ROOT);
    if (!backend.equals(CacheSpec.MEMORY) && !backend.equals(CacheSpec.REDIS)) {
      r.error("backend", "must be memory or redis, got '" + backend + "'");
      backend = d.backend();
    }
    var ttl = r.duration("ttl", d.ttl(), false);
    long maxBytes = r.size("max_bytes", d.maxBytes());
    long maxEntry = r.size("max_entry_bytes", Math.min(d.maxEntryBytes(), maxBytes));
    if (maxEntry > MAX_ENTRY_LIMIT) {
      r.error("max_entry_bytes", "must be at most 256MB; answers that large are not worth caching");
      maxEntry = Math.min(maxBytes, MAX_ENTRY_LIMIT);
    } else if (maxEntry > maxBytes) {
      r.error("max_entry_bytes", "must not be larger than max_bytes (" + maxBytes + " bytes)");
      maxEntry = maxBytes;
    }
    List<String> models = new ArrayList<>();
    for (NodeReader.Item item : r.stringList("models")) {
      String m = item.value().trim();
      if (!MODEL_PATTERN.matcher(m).matches()) {
        r.error(item.field(), "must be a model name or pattern without spaces, e.g. gpt-4o*");
      } else {
        models.add(m);
      }
    }
    String label = r.string("key_metadata", d.keyMetadata()).trim();
    if (!label.isEmpty() && !LABEL.matcher(label).matches()) {
      r.error("key_metadata", "must be a metadata label (letters, digits, _ . : -), or empty to"
          + " ignore key metadata; got '" + label + "'");
      label = d.keyMetadata();
    }
    boolean optIn = r.bool("request_opt_in", d.requestOptIn());
    r.rejectUnknownFields();
    return new CacheSpec(enabled, backend, ttl, maxBytes, maxEntry, models, label, optIn);
  }

  /** The Redis backend needs the gateway's Redis; checked once the environment is applied. */
  static void checkBackend(CacheSpec spec, String redisUrl, List<String> errors) {
    if (spec.enabled() && spec.redis() && redisUrl.isBlank()) {
      errors.add("cache.backend: redis needs server.redis_url (or the REDIS_URL variable);"
          + " set one, or use backend: memory");
    }
  }
}
