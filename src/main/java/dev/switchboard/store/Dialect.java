package dev.switchboard.store;

/**
 * The SQL databases the store runs on. The schema and every statement are written once for both;
 * the dialect only decides how connections are made and how driver errors are read.
 *
 * <p>Threading: an immutable enum.
 */
public enum Dialect {
  /** One file, one writer; the default for a single box. */
  SQLITE,
  /** A server (primary plus an optional read replica); for many gateway replicas. */
  POSTGRESQL
}
