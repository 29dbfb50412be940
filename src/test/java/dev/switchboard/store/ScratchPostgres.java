package dev.switchboard.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the test PostgreSQL (127.0.0.1:5432, user postgres, trust auth), made
 * for one test class and dropped after it, and the administrative statements the tests run
 * against it (cutting connections to simulate an outage). Not thread-safe: one per test class.
 */
public final class ScratchPostgres {
  public static final String HOST = "127.0.0.1:5432";
  private final String name;

  /** Creates a fresh database whose name starts with {@code prefix}. */
  public ScratchPostgres(String prefix) {
    this.name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + name);
  }

  public String name() {
    return name;
  }

  /** The database as a JDBC URL with the user in it. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + "/" + name + "?user=postgres";
  }

  /** The database as a hosting provider writes it ({@code postgres://…}). */
  public String url() {
    return "postgres://postgres@" + HOST + "/" + name;
  }

  /** Drops the database, closing whatever is still connected to it. */
  public void drop() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs {@code sql} on the server's {@code postgres} database. */
  public static void admin(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres",
        "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + HOST + " refused: " + sql, e);
    }
  }
}
