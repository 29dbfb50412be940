package dev.switchboard.config;

/**
 * The {@code cache:} section (placeholder: nothing configurable yet). Immutable.
 */
public record CacheSpec() {

  /** The settings when the section is absent. */
  public static CacheSpec defaults() {
    return new CacheSpec();
  }
}
