package dev.switchboard.governance.limits;

/** Which rate a bucket limits: requests or tokens per minute. Immutable. */
public enum RateKind {
  /** Requests per minute: each request takes one. */
  RPM,
  /** Tokens per minute: each request takes its estimated tokens, corrected after the reply. */
  TPM;

  /** The lower-case name used in keys and headers ({@code rpm}, {@code tpm}). */
  public String wire() {
    return this == RPM ? "rpm" : "tpm";
  }
}
