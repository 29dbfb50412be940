package dev.switchboard.pipeline;

/**
 * The inference operations of the data plane, each with its OpenAI path suffix. Immutable.
 */
public enum Endpoint {
  CHAT("/chat/completions", "chat", true),
  COMPLETIONS("/completions", "completions", true),
  EMBEDDINGS("/embeddings", "embeddings", false),
  IMAGES("/images/generations", "images", false);

  private final String path;
  private final String label;
  private final boolean streamable;

  Endpoint(String path, String label, boolean streamable) {
    this.path = path;
    this.label = label;
    this.streamable = streamable;
  }

  /** The path below the API root, e.g. {@code /chat/completions}. */
  public String path() {
    return path;
  }

  /** Short name for metrics and logs. */
  public String label() {
    return label;
  }

  /** Whether {@code "stream": true} is meaningful for this operation. */
  public boolean streamable() {
    return streamable;
  }
}
