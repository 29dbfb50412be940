package dev.switchboard.pipeline;

/**
 * Receives one record per finished inference request — answered, refused or failed — for
 * accounting (the ledger). Called on the request's event loop after the answer was sent:
 * implementations hand the record off and never block or do I/O there.
 */
@FunctionalInterface
public interface UsageSink {
  /** Records nothing. */
  UsageSink NONE = (ex, status, usage, errorCode, totalNanos) -> { };

  /**
   * @param ex the exchange (its attributes carry the key, the cost and the routing outcome)
   * @param status the HTTP status answered
   * @param usage the provider's usage ({@link Usage#UNKNOWN} when none)
   * @param errorCode the error code answered, or null
   * @param totalNanos time from the request's arrival to its end
   */
  void record(Exchange ex, int status, Usage usage, String errorCode, long totalNanos);
}
