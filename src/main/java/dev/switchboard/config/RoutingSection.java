package dev.switchboard.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code routing:} into a {@link RoutingSpec}, field by field over
 * {@link RoutingSpec#defaults()}, and reads {@code circuit_breaker:} mappings (the global one and
 * each provider's override) over a base {@link BreakerSpec}. Stateless; each call works only on
 * the reader it is given.
 */
final class RoutingSection {
  /** Upper bound of {@code max_attempts}: more would turn one request into a retry storm. */
  static final int MAX_ATTEMPTS = 20;

  private RoutingSection() {}

  static RoutingSpec read(NodeReader root) {
    RoutingSpec d = RoutingSpec.defaults();
    NodeReader r = root.object("routing");
    String strategy = readStrategy(r, d.strategy());
    int maxAttempts = r.integer("max_attempts", d.maxAttempts(), 1, MAX_ATTEMPTS);
    // zero backoff (retry at once) and a zero cap (never wait on Retry-After) are real choices
    Duration backoffInitial = r.duration("backoff_initial", d.backoffInitial(), true);
    Duration backoffMax = r.duration("backoff_max", d.backoffMax(), true);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      r.error("backoff_max", "must be at least backoff_initial (" + backoffInitial.toMillis()
          + "ms), got " + backoffMax.toMillis() + "ms");
      backoffMax = backoffInitial;
    }
    Duration retryAfterCap = r.duration("retry_after_cap", d.retryAfterCap(), true);
    Set<String> failoverOn = readFailoverOn(r, d.failoverOn());
    BreakerSpec breaker = readBreaker(r.object("circuit_breaker"), d.breaker());
    HealthSpec health = readHealth(r.object("health"));
    r.rejectUnknownFields();
    return new RoutingSpec(strategy, maxAttempts, backoffInitial, backoffMax, retryAfterCap,
        failoverOn, breaker, health);
  }

  /**
   * The strategy named in {@code strategy}, lower-cased; {@code def} when absent or empty (so
   * {@code strategy: ${STRATEGY:-}} means "the default"), and after reporting an unknown name.
   */
  static String readStrategy(NodeReader r, String def) {
    String s = r.string("strategy", "").trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return def;
    }
    if (!RoutingSpec.STRATEGIES.contains(s)) {
      r.error("strategy",
          "unknown strategy '" + s + "'" + DidYouMean.hint(s, RoutingSpec.STRATEGIES));
      return def;
    }
    return s;
  }

  /**
   * A breaker mapping ({@code enabled}, {@code failure_threshold}, ...) where every absent field
   * keeps {@code base}'s value; the caller's reader {@code r} is already the mapping itself.
   */
  static BreakerSpec readBreaker(NodeReader r, BreakerSpec base) {
    BreakerSpec spec = new BreakerSpec(
        r.bool("enabled", base.enabled()),
        r.integer("failure_threshold", base.failureThreshold(), 1, Integer.MAX_VALUE),
        r.integer("success_threshold", base.successThreshold(), 1, Integer.MAX_VALUE),
        // a plain number means seconds, as the field's name promises; 500ms etc. work too
        r.duration("timeout_seconds", base.openTimeout(), false),
        r.number("failure_rate_threshold", base.failureRateThreshold(), v -> v > 0 && v <= 1,
            "a number greater than 0 and at most 1"),
        r.integer("min_requests_for_rate", base.minRequestsForRate(), 1, Integer.MAX_VALUE));
    r.rejectUnknownFields();
    return spec;
  }

  private static HealthSpec readHealth(NodeReader r) {
    HealthSpec d = HealthSpec.defaults();
    HealthSpec spec = new HealthSpec(
        r.bool("probes", d.probes()),
        r.duration("probe_interval", d.probeInterval(), false),
        r.duration("probe_timeout", d.probeTimeout(), false));
    r.rejectUnknownFields();
    return spec;
  }

  /** The listed classes; an empty list is a valid "never fail over". */
  private static Set<String> readFailoverOn(NodeReader r, Set<String> def) {
    if (!r.present("failover_on")) {
      return def;
    }
    Set<String> out = new LinkedHashSet<>();
    for (NodeReader.Item item : r.stringList("failover_on")) {
      String c = item.value().trim().toLowerCase(Locale.ROOT);
      if (RoutingSpec.FAILOVER_CLASSES.contains(c)) {
        out.add(c);
      } else {
        r.error(item.field(), "unknown error class '" + c + "'"
            + DidYouMean.hint(c, RoutingSpec.FAILOVER_CLASSES));
      }
    }
    return out;
  }
}
