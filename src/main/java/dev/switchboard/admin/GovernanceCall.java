package dev.switchboard.admin;

import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.TenantScope;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One governance admin request, taken apart on the event loop so that the blocking part never
 * touches the {@link HttpServerRequest}: method, decoded path segments after {@code /admin/},
 * query parameters, the raw body, the caller's tenant scope and the actor for the audit log.
 *
 * <p>Threading: immutable once built (the body array is never written); handed from the event
 * loop to one worker thread.
 */
final class GovernanceCall {
  /** Set by the edge for a tenant admin: the only tenant the call may see or change. */
  static final String TENANT_HEADER = "x-switchboard-tenant";
  /** Set by the edge: who is acting, for the audit log. */
  static final String ACTOR_HEADER = "x-switchboard-actor";
  static final String DEFAULT_ACTOR = "master";
  private static final int MAX_ACTOR = 200;
  static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");

  private final HttpMethod method;
  private final List<String> path;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private final TenantScope scope;
  private final String actor;

  GovernanceCall(HttpMethod method, List<String> path, Map<String, List<String>> query,
      byte[] body, TenantScope scope, String actor) {
    this.method = method;
    this.path = List.copyOf(path);
    this.query = Map.copyOf(query);
    this.body = body;
    this.scope = scope;
    this.actor = actor;
  }

  /** Everything but the body, which arrives later; see {@link #withBody}. */
  static GovernanceCall of(HttpServerRequest req) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : req.params()) {
        query.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(null, "The query string is not validly percent-encoded.");
    }
    return new GovernanceCall(req.method(), segments(req.path()), query, new byte[0],
        scope(req.getHeader(TENANT_HEADER)), actor(req.getHeader(ACTOR_HEADER)));
  }

  /** The same call with its body. */
  GovernanceCall withBody(byte[] raw) {
    return new GovernanceCall(method, path, query, raw, scope, actor);
  }

  private static List<String> segments(String fullPath) {
    String rest = fullPath.substring("/admin/".length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String s : rest.split("/", -1)) {
      String decoded;
      try {
        decoded = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw GatewayException.invalid(null, "The path is not validly percent-encoded.");
      }
      if (CONTROL.matcher(decoded).find()) {
        // No id or name holds one, and PostgreSQL refuses NUL outright.
        throw GatewayException.invalid(null, "The path contains control characters.");
      }
      out.add(decoded);
    }
    return out;
  }

  private static TenantScope scope(String header) {
    if (header == null) {
      return TenantScope.ALL;
    }
    if (header.isBlank()) {
      throw GatewayException.invalid(TENANT_HEADER, "The " + TENANT_HEADER + " header is empty;"
          + " send a tenant id, or leave it out to act on every tenant.");
    }
    return TenantScope.of(header.strip());
  }

  private static String actor(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_ACTOR;
    }
    // Kept printable and short: it lands in the audit log verbatim.
    String a = CONTROL.matcher(header.strip()).replaceAll("?");
    return a.length() > MAX_ACTOR ? a.substring(0, MAX_ACTOR) : a;
  }

  HttpMethod method() {
    return method;
  }

  /** The caller's tenant scope ({@link TenantScope#ALL} without the tenant header). */
  TenantScope scope() {
    return scope;
  }

  String actor() {
    return actor;
  }

  /** Number of path segments after {@code /admin/}. */
  int depth() {
    return path.size();
  }

  /** Path segment {@code i} (0 = the resource, 1 = its id, …). */
  String segment(int i) {
    return path.get(i);
  }

  /** Whether the path has an empty segment ({@code /admin/teams//limits}). */
  boolean hasEmptySegment() {
    return path.contains("");
  }

  /** The path as requested, for messages. */
  String pathText() {
    return "/admin/" + String.join("/", path);
  }

  /** The body as an object of only {@code allowed} fields; it must be present. */
  GovernanceBody body(String... allowed) {
    return GovernanceBody.parse(body, false, new LinkedHashSet<>(Arrays.asList(allowed)));
  }

  /** Like {@link #body}, but an empty body reads as {@code {}}. */
  GovernanceBody optionalBody(String... allowed) {
    return GovernanceBody.parse(body, true, new LinkedHashSet<>(Arrays.asList(allowed)));
  }

  /** Refuses query parameters other than {@code allowed}, and repeated ones. */
  void allowQuery(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (!ok.contains(e.getKey())) {
        throw GatewayException.invalid(e.getKey(), "Unknown query parameter '" + e.getKey()
            + "'. This request accepts: " + (ok.isEmpty() ? "none"
            : String.join(", ", allowed)) + ".");
      }
      if (e.getValue().size() > 1) {
        throw GatewayException.invalid(e.getKey(), "Give '" + e.getKey() + "' once.");
      }
    }
  }

  /** A query parameter's value, or null when absent or empty. */
  String query(String name) {
    List<String> v = query.get(name);
    if (v == null || v.isEmpty() || v.get(0).isBlank()) {
      return null;
    }
    if (CONTROL.matcher(v.get(0)).find()) {
      throw GatewayException.invalid(name, "'" + name + "' contains control characters.");
    }
    return v.get(0).strip();
  }

  /** A whole-number query parameter from {@code min} to {@code max}, or {@code dflt}. */
  int queryInt(String name, int min, int max, int dflt) {
    String v = query(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw GatewayException.invalid(name, "'" + name + "' must be a whole number from " + min
        + " to " + max + ".");
  }
}
