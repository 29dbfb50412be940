package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/**
 * Applies the environment variables that override the essentials, whatever the file says:
 * {@code SWITCHBOARD_HOST}, {@code SWITCHBOARD_PORT}, {@code SWITCHBOARD_MASTER_KEY}, {@code REDIS_URL}. They exist so
 * a container platform can set the bind address, port and key without editing the file.
 *
 * <p>An empty variable counts as unset, so an exported-but-blank {@code SWITCHBOARD_MASTER_KEY}
 * can never silently open a gateway whose file sets a key. Stateless and thread-safe.
 */
final class EnvOverrides {
  static final String HOST = "SWITCHBOARD_HOST";
  static final String PORT = "SWITCHBOARD_PORT";
  static final String MASTER_KEY = "SWITCHBOARD_MASTER_KEY";
  static final String REDIS_URL = "REDIS_URL";

  private EnvOverrides() {}

  /** {@code server} with the overrides found in {@code env}; problems go to {@code errors}. */
  static ServerSpec apply(ServerSpec server, Map<String, String> env, List<String> errors) {
    String host = value(env, HOST, server.host());
    String key = value(env, MASTER_KEY, server.masterKey());
    int port = server.port();
    String portText = env.get(PORT);
    if (portText != null && !portText.isBlank()) {
      try {
        port = Integer.parseInt(portText.trim());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        errors.add(PORT + ": must be an integer between 0 and 65535, got '" + portText + "'");
        port = server.port();
      }
    }
    return server.withAccess(host, port, key)
        .withRedisUrl(value(env, REDIS_URL, server.redisUrl()));
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
