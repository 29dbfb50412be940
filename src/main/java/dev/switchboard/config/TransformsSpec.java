package dev.switchboard.config;

/**
 * The {@code transformations:} section (placeholder: nothing configurable yet). Immutable.
 */
public record TransformsSpec() {

  /** The settings when the section is absent. */
  public static TransformsSpec defaults() {
    return new TransformsSpec();
  }
}
