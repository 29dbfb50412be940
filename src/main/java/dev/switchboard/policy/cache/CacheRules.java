package dev.switchboard.policy.cache;

import dev.switchboard.config.CacheSpec;
import dev.switchboard.governance.KeyRecord;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The compiled opt-in rules of the cache: which requests use it and for how long answers live.
 * Precedence, first that speaks wins: the request ({@code X-Switchboard-Cache: off}, or
 * {@code on} when {@code request_opt_in} allows it), then the key's metadata label
 * ({@code cache: true|false}), then the {@code models} patterns. Immutable; swapped whole by the
 * admin API.
 *
 * @param spec the settings these rules were compiled from (shown by the admin API)
 * @param models one pattern per {@code models} entry
 */
record CacheRules(CacheSpec spec, List<Pattern> models) {

  CacheRules {
    models = List.copyOf(models);
  }

  static CacheRules compile(CacheSpec spec) {
    return new CacheRules(spec, spec.models().stream().map(CacheRules::glob).toList());
  }

  Duration ttl() {
    return spec.ttl();
  }

  long maxEntryBytes() {
    return spec.maxEntryBytes();
  }

  /** Whether this request uses the cache at all (before its Cache-Control is considered). */
  boolean applies(String model, KeyRecord key, RequestDirectives d) {
    if (d.optOut()) {
      return false;
    }
    if (d.optIn() && spec.requestOptIn()) {
      return true;
    }
    if (key != null && !spec.keyMetadata().isEmpty()) {
      String v = key.metadata().get(spec.keyMetadata());
      if (v != null) {
        return v.trim().equalsIgnoreCase("true") || v.trim().equalsIgnoreCase("on");
      }
    }
    return model != null && modelListed(model);
  }

  private boolean modelListed(String model) {
    for (Pattern p : models) {
      if (p.matcher(model).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code *} matches any text; everything else literally. */
  private static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    int start = 0;
    for (int i = pattern.indexOf('*'); i >= 0; i = pattern.indexOf('*', start)) {
      re.append(Pattern.quote(pattern.substring(start, i))).append(".*");
      start = i + 1;
    }
    re.append(Pattern.quote(pattern.substring(start)));
    return Pattern.compile(re.toString());
  }
}
