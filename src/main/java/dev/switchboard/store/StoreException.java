package dev.switchboard.store;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * The one failure type of the store: a kind the admin API maps to an HTTP status, and a message
 * that is safe to show (it names no credentials). Unchecked, so store interfaces stay free of
 * {@link SQLException}.
 *
 * <p>Threading: immutable.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the caller's point of view. */
  public enum Kind {
    /** The row, or its parent, does not exist (or is outside the caller's tenant). */
    NOT_FOUND,
    /** A uniqueness rule or a reference forbids it (duplicate name, rows still attached). */
    CONFLICT,
    /** The input breaks a rule of the schema. */
    INVALID,
    /** The database could not be reached or was busy; trying again may work. */
    UNAVAILABLE,
    /** Anything else. */
    FAILED
  }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The kind of failure. */
  public Kind kind() {
    return kind;
  }

  /** Translates a driver error; {@code doing} says what was attempted ("create team"). */
  static StoreException from(SQLException e, String doing) {
    Kind kind = classify(e);
    String why = switch (kind) {
      case CONFLICT -> "conflicts with existing rows (duplicate, or other rows still refer to it)";
      case INVALID -> "breaks a rule of the schema";
      case UNAVAILABLE -> "failed: the database is unavailable or busy";
      default -> "failed";
    };
    return new StoreException(kind, doing + " " + why + ": " + e.getMessage(), e);
  }

  /** The kind of a driver error, for both SQLite (result codes) and PostgreSQL (SQLSTATE). */
  static Kind classify(SQLException e) {
    if (e instanceof SQLiteException s) {
      int primary = s.getResultCode().code & 0xff;
      return switch (primary) {
        case 19 -> isUniqueOrForeign(s.getResultCode().code) ? Kind.CONFLICT : Kind.INVALID;
        case 5, 6, 10, 13, 14 -> Kind.UNAVAILABLE; // busy, locked, I/O, full, cannot open
        case 18, 20, 25 -> Kind.INVALID; // too big, type mismatch, range
        default -> Kind.FAILED;
      };
    }
    String state = stateOf(e);
    if (state.equals("23505") || state.equals("23503")) {
      return Kind.CONFLICT;
    }
    if (state.startsWith("23") || state.startsWith("22")) {
      return Kind.INVALID;
    }
    if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
        || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
      return Kind.UNAVAILABLE;
    }
    return Kind.FAILED;
  }

  private static String stateOf(SQLException e) {
    // A batch failure may carry the real error only in its chain.
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null) {
        return x.getSQLState();
      }
    }
    return "";
  }

  /** Whether an error is about the data itself, so retrying the same rows can never succeed. */
  static boolean isPermanentDataError(SQLException e) {
    Kind k = classify(e);
    return k == Kind.INVALID || k == Kind.CONFLICT;
  }

  private static boolean isUniqueOrForeign(int extended) {
    // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY, _FOREIGNKEY
    return extended == 2067 || extended == 1555 || extended == 787;
  }
}
