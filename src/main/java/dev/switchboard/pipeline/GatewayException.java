package dev.switchboard.pipeline;

/**
 * The one exception type of the gateway: an {@link ErrorKind}, a message a person can act on, and
 * optional details (offending parameter, upstream status, Retry-After, the provider's raw error).
 * Only the HTTP edge renders it. Immutable once thrown.
 */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String param;
  private final int status;
  private final String retryAfter;
  private final String upstreamBody;
  private final int upstreamStatus;

  private GatewayException(Builder b) {
    super(b.message, b.cause, false, false);
    this.kind = b.kind;
    this.param = b.param;
    this.status = b.status > 0 ? b.status : b.kind.status();
    this.retryAfter = b.retryAfter;
    this.upstreamBody = b.upstreamBody;
    this.upstreamStatus = b.upstreamStatus;
  }

  /** Shorthand for an error with only a kind and a message. */
  public static GatewayException of(ErrorKind kind, String message) {
    return builder(kind, message).build();
  }

  /** Shorthand for an invalid-request error naming the offending parameter. */
  public static GatewayException invalid(String param, String message) {
    return builder(ErrorKind.INVALID_REQUEST, message).param(param).build();
  }

  public static Builder builder(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The request parameter at fault, or null. */
  public String param() {
    return param;
  }

  /** HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** The {@code Retry-After} value to pass on, or null. */
  public String retryAfter() {
    return retryAfter;
  }

  /** The provider's raw error body (truncated), for debugging; null when not from upstream. */
  public String upstreamBody() {
    return upstreamBody;
  }

  /** The provider's own HTTP status, or 0 when the error did not come from a provider's answer. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** Converts any failure into a GatewayException, keeping one that already is. */
  public static GatewayException wrap(Throwable t) {
    if (t instanceof GatewayException ge) {
      return ge;
    }
    return builder(ErrorKind.INTERNAL, "Internal gateway error: " + t.getClass().getSimpleName()
        + ". The request id identifies it in the gateway's log.").cause(t).build();
  }

  /** Collects the optional parts of a {@link GatewayException}. Not thread-safe. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private String param;
    private int status;
    private String retryAfter;
    private String upstreamBody;
    private int upstreamStatus;
    private Throwable cause;

    private Builder(ErrorKind kind, String message) {
      this.kind = kind;
      this.message = message;
    }

    public Builder param(String p) {
      this.param = p;
      return this;
    }

    public Builder status(int s) {
      this.status = s;
      return this;
    }

    public Builder retryAfter(String r) {
      this.retryAfter = r;
      return this;
    }

    public Builder upstreamBody(String body) {
      this.upstreamBody = body;
      return this;
    }

    public Builder upstreamStatus(int s) {
      this.upstreamStatus = s;
      return this;
    }

    public Builder cause(Throwable t) {
      this.cause = t;
      return this;
    }

    public GatewayException build() {
      return new GatewayException(this);
    }
  }
}
