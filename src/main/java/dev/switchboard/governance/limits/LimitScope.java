package dev.switchboard.governance.limits;

import java.util.Locale;
import java.util.Objects;

/**
 * Whom a limit applies to: one entity of the tenant hierarchy (or one virtual key), optionally
 * narrowed to one model. {@link #key} renders it as a stable Redis key such as
 * {@code {sb:rl}:key:abc:gpt-4o}; the braces are a Redis Cluster hash tag, so every key of a
 * namespace lives in one slot and Lua scripts may touch several scopes at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param level the level of the hierarchy
 * @param id the entity's id at that level
 * @param model the model the limit is for; {@code ""} means every model
 */
public record LimitScope(Level level, String id, String model) {

  /** The levels a limit can be set at, from the widest to the narrowest. */
  public enum Level {
    TENANT, DEPARTMENT, TEAM, USER, KEY;

    /** The lower-case name used in keys and configuration. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LimitScope {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(id, "id");
    model = model == null ? "" : model;
    if (id.isEmpty()) {
      throw new IllegalArgumentException("a limit scope needs an id");
    }
  }

  /** A scope covering every model. */
  public static LimitScope of(Level level, String id) {
    return new LimitScope(level, id, "");
  }

  /** The same entity narrowed to {@code model}. */
  public LimitScope forModel(String model) {
    return new LimitScope(level, id, model);
  }

  /**
   * The key of this scope in {@code namespace}: {@code {namespace}:level:id:model}, with
   * {@code *} for every model. Colons and percent signs in the id are escaped (the id sits
   * between separators); the model is last, so only {@code %} and a literal {@code *} need it.
   *
   * @param namespace groups the keys of one feature of one gateway cluster; no braces
   */
  public String key(String namespace) {
    String m = model.isEmpty() ? "*" : "*".equals(model) ? "%2A" : model.replace("%", "%25");
    return "{" + namespace + "}:" + level.wire() + ":"
        + id.replace("%", "%25").replace(":", "%3A") + ":" + m;
  }

  @Override
  public String toString() {
    return level.wire() + " " + id + (model.isEmpty() ? "" : " (" + model + ")");
  }
}
