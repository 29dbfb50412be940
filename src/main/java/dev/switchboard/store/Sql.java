package dev.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small JDBC helpers shared by the SQL stores: parameter binding, row mapping, nullable numbers and
 * the JSON text columns. Only portable JDBC calls, so the same code runs on SQLite and PostgreSQL.
 *
 * <p>Threading: stateless; blocking (JDBC).
 */
final class Sql {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Sql() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, List<?> params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    }
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params)
      throws SQLException {
    return list(c, sql, row, java.util.Arrays.asList(params));
  }

  static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params)
      throws SQLException {
    List<T> all = list(c, sql, row, params);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, java.util.Arrays.asList(params));
      return ps.executeUpdate();
    }
  }

  static void bind(PreparedStatement ps, List<?> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p == null) {
        // Untyped NULL: PostgreSQL infers the type from the column it is assigned to.
        ps.setNull(i + 1, Types.NULL);
      } else if (p instanceof Boolean b) {
        ps.setInt(i + 1, b ? 1 : 0);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** A nullable BIGINT column. */
  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** A 0/1 SMALLINT column as a boolean. */
  static boolean flag(ResultSet rs, String column) throws SQLException {
    return rs.getInt(column) != 0;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode as JSON: " + e.getMessage(), e);
    }
  }

  static List<String> stringList(String json) {
    return json == null || json.isBlank() ? List.of() : read(json, STRING_LIST);
  }

  static Map<String, String> stringMap(String json) {
    return json == null || json.isBlank() ? Map.of() : read(json, STRING_MAP);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException(StoreException.Kind.FAILED, "a stored JSON column is corrupt", e);
    }
  }

  /** Builds a statement with optional conditions; values are always bound, never spliced. */
  static final class Query {
    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    Query(String base) {
      this.sql = new StringBuilder(base);
    }

    /** Appends {@code " AND " + condition} with one bound value, unless the value is null. */
    Query andIf(String condition, Object value) {
      if (value != null) {
        sql.append(" AND ").append(condition);
        params.add(value);
      }
      return this;
    }

    /** Appends {@code " AND " + condition} binding {@code values}. */
    Query and(String condition, Object... values) {
      sql.append(" AND ").append(condition);
      params.addAll(java.util.Arrays.asList(values));
      return this;
    }

    Query append(String text) {
      sql.append(text);
      return this;
    }

    <T> List<T> list(Connection c, Row<T> row) throws SQLException {
      return Sql.list(c, sql.toString(), row, params);
    }

    @Override
    public String toString() {
      return sql.toString();
    }
  }
}
