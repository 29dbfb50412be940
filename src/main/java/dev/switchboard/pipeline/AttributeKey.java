package dev.switchboard.pipeline;

/**
 * A typed key for {@link Exchange} attributes, compared by identity: declare each key once as a
 * constant of the stage that owns it. Immutable.
 *
 * @param <T> the attribute's type
 */
public final class AttributeKey<T> {
  private final String name;

  private AttributeKey(String name) {
    this.name = name;
  }

  public static <T> AttributeKey<T> named(String name) {
    return new AttributeKey<>(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
