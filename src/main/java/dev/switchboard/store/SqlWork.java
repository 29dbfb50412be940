package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of JDBC work on a borrowed connection. The connection belongs to the {@link Database}
 * for the duration of the call only: don't keep it, don't close it.
 *
 * <p>Threading: runs on the calling (worker) thread; blocking.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
  /** Does the work. */
  T run(Connection connection) throws SQLException;
}
