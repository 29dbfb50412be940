package dev.switchboard.config;

import java.util.List;

/**
 * Configuration could not be loaded. Carries every problem found, each naming its path
 * ({@code models.gpt-4o-mini.deployments[0].provider: unknown provider 'opneai'}). Immutable.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(String.join(System.lineSeparator(), errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * Problems found in {@code source}; the message names the source and lists every problem, one
   * per line, ready to print. {@link #errors()} stays free of the header.
   */
  public ConfigException(String source, List<String> errors) {
    super("invalid configuration " + source + " (" + errors.size()
        + (errors.size() == 1 ? " problem" : " problems") + "):" + System.lineSeparator() + "  "
        + String.join(System.lineSeparator() + "  ", errors));
    this.errors = List.copyOf(errors);
  }

  /** Every problem found, section by section, each starting with its path. */
  public List<String> errors() {
    return errors;
  }
}
