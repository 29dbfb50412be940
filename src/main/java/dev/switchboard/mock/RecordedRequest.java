package dev.switchboard.mock;

import java.util.Map;

/**
 * One request received by the simulator on a data path ({@code /v1/...} or Azure
 * {@code /openai/...}), as returned by {@link MockServer#requests()} and {@code GET /mock/requests}.
 *
 * <p>Immutable snapshot. Header names are lower-case; a repeated header keeps its values joined with
 * {@code ", "}.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without the query string
 * @param query raw query string, or null when there is none
 * @param headers request headers, lower-case names
 * @param body request body decoded as UTF-8 (empty when there was none)
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, String> headers, String body) {

  public RecordedRequest {
    // Keeps arrival order, which a copy via Map.copyOf would scramble.
    headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    body = body == null ? "" : body;
  }

  /** The value of one header, looked up case-insensitively; null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
