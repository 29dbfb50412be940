package dev.switchboard.config;

/** Reads the {@code transformations:} section (placeholder: the section is not accepted yet). Stateless. */
final class TransformsSection {
  private TransformsSection() {}

  static TransformsSpec read(NodeReader root) {
    return TransformsSpec.defaults();
  }
}
