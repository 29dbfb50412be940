package dev.switchboard.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed database location: what the JDBC driver needs plus a redacted form for logs. Accepts
 * {@code postgres://user:pass@host:port/db?sslmode=…}, {@code postgresql://…} (the form hosting
 * providers hand out, converted here), {@code jdbc:postgresql://…}, and for SQLite
 * {@code sqlite:path} or {@code jdbc:sqlite:path}. The password never appears in
 * {@link #toString()}, {@link #redacted()} or any exception message.
 *
 * <p>Threading: immutable.
 *
 * @param dialect which database
 * @param jdbcUrl the JDBC URL, never with credentials (SQLite: {@code jdbc:sqlite:<path>})
 * @param user user name, or null to let the driver decide
 * @param password password, or null
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password) {
  static final String ACCEPTED = "accepted forms:"
      + " postgres://user:password@host:5432/db?sslmode=require,"
      + " postgresql://user:password@host:5432/db,"
      + " jdbc:postgresql://host:5432/db?user=u&password=p, sqlite:/path/to/switchboard.db";

  /**
   * Parses a database URL.
   *
   * @throws IllegalArgumentException for anything else; the message names the accepted forms and
   *     never repeats the password
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the database URL is empty; " + ACCEPTED);
    }
    String u = url.trim();
    if (u.startsWith("jdbc:sqlite:") || u.startsWith("sqlite:")) {
      return sqlite(u.substring(u.indexOf("sqlite:") + "sqlite:".length()));
    }
    String rest = stripScheme(u);
    if (rest == null) {
      throw new IllegalArgumentException("unsupported database URL (scheme '" + schemeOf(u)
          + "'); " + ACCEPTED);
    }
    return postgres(rest);
  }

  /** A SQLite database in the file at {@code path}. */
  public static DatabaseUrl sqlite(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the SQLite database path is empty; " + ACCEPTED);
    }
    return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + path, null, null);
  }

  /** The SQLite file path; only for {@link Dialect#SQLITE}. */
  public String sqlitePath() {
    return jdbcUrl.substring("jdbc:sqlite:".length());
  }

  /** The URL with credentials removed, safe for logs and error messages. */
  public String redacted() {
    if (dialect == Dialect.SQLITE) {
      return jdbcUrl;
    }
    return user == null ? jdbcUrl : jdbcUrl + " (user " + user + ")";
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static String stripScheme(String u) {
    for (String scheme : new String[] {"jdbc:postgresql://", "postgresql://", "postgres://"}) {
      if (u.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return u.substring(scheme.length());
      }
    }
    return null;
  }

  private static String schemeOf(String u) {
    int colon = u.indexOf(':');
    // Only what precedes the first ':' — never anything that could be a password.
    return colon <= 0 || colon > 20 ? "?" : u.substring(0, colon);
  }

  private static DatabaseUrl postgres(String rest) {
    // Passwords are often pasted without percent-encoding, so the user info ends at the last '@'
    // before the query rather than at the first '/'.
    int query = indexOfAny(rest, "?#");
    int at = rest.lastIndexOf('@', query < 0 ? rest.length() : query);
    String user = null;
    String password = null;
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      rest = rest.substring(at + 1);
    }
    int slash = indexOfAny(rest, "/?#");
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String pathAndQuery = slash < 0 ? "" : rest.substring(slash);
    checkHosts(authority);
    if (!pathAndQuery.startsWith("/") || pathAndQuery.length() < 2
        || pathAndQuery.charAt(1) == '?') {
      throw new IllegalArgumentException("the PostgreSQL URL names no database (add"
          + " /<database> after the host); " + ACCEPTED);
    }
    return withQueryCredentials("jdbc:postgresql://" + authority, pathAndQuery, user, password);
  }

  /**
   * Moves credentials given as query parameters into the fields, so that no URL handed to a
   * driver, pool or migration tool (which may log it) carries a password.
   */
  private static DatabaseUrl withQueryCredentials(String base, String pathAndQuery, String user,
      String password) {
    StringBuilder kept = new StringBuilder();
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    if (q >= 0) {
      for (String param : pathAndQuery.substring(q + 1).split("&")) {
        String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
        String value = param.substring(name.length() + (param.contains("=") ? 1 : 0));
        if (name.equalsIgnoreCase("password")) {
          password = decode(value);
        } else if (name.equalsIgnoreCase("user")) {
          user = decode(value);
        } else if (!param.isEmpty()) {
          kept.append(kept.length() == 0 ? '?' : '&').append(param);
        }
      }
    }
    return new DatabaseUrl(Dialect.POSTGRESQL, base + path + kept,
        user == null || user.isEmpty() ? null : user, password);
  }

  // Messages here quote no part of the URL: a malformed one may still hold a password.
  private static void checkHosts(String authority) {
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("the PostgreSQL URL names no host; " + ACCEPTED);
    }
    // pgjdbc accepts several comma-separated hosts; each may carry a port.
    for (String hostPort : authority.split(",", -1)) {
      int close = hostPort.lastIndexOf(']');
      int colon = hostPort.lastIndexOf(':');
      if (hostPort.isEmpty() || colon == 0) {
        throw new IllegalArgumentException("the PostgreSQL URL names no host; " + ACCEPTED);
      }
      if (colon > close) {
        String port = hostPort.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
          throw new IllegalArgumentException("the PostgreSQL URL has an invalid port (a number"
              + " from 1 to 65535 after the host); " + ACCEPTED);
        }
      }
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the credentials in the database URL are not valid"
          + " percent-encoding; " + ACCEPTED);
    }
  }
}
