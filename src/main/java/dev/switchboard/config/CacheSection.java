package dev.switchboard.config;

/** Reads the {@code cache:} section (placeholder: the section is not accepted yet). Stateless. */
final class CacheSection {
  private CacheSection() {}

  static CacheSpec read(NodeReader root) {
    return CacheSpec.defaults();
  }
}
