package dev.switchboard.it.matrix;

/**
 * What an outbound adapter can carry between the canonical OpenAI form and its provider's wire
 * format. The translation matrix suite asserts the supported behaviour where an adapter declares a
 * capability and the documented approximation or refusal where it does not; the table in
 * {@code docs/translation-matrix.md} is generated from the same flags.
 *
 * <p>Immutable constants.
 */
enum Capability {
  /** Images given as remote {@code https://} URLs (not only base64 {@code data:} URLs). */
  IMAGE_URL,
  /** Tool-call arguments stream in fragments rather than as one whole piece per call. */
  STREAMED_TOOL_ARGUMENTS,
  /**
   * An answer with several tool calls arrives as several calls, JSON and streamed (asserted where
   * the provider's simulator answers in parallel).
   */
  PARALLEL_CALL_ANSWERS,
  /** {@code parallel_tool_calls: false} reaches the provider as its own switch. */
  PARALLEL_TOOL_SWITCH,
  /** The provider's reasoning comes back as {@code reasoning_content}. */
  REASONING,
  /**
   * Reasoning carries a signature that the client sends back ({@code thinking_blocks}) and the
   * adapter replays before the tool calls, as the provider requires.
   */
  SIGNED_REASONING,
  /**
   * Tool calls carry the provider's thought signature ({@code extra_content.google
   * .thought_signature}) and the adapter sends it back on the same call.
   */
  SIGNED_TOOL_CALLS,
  /** The provider reports cached prompt tokens, mapped to {@code cached_tokens}. */
  CACHE_USAGE,
  /**
   * The provider reports the prompt tokens written to its cache (priced apart), mapped to
   * {@code cache_creation_input_tokens}.
   */
  CACHE_WRITE_USAGE,
  /**
   * {@code /v1/messages} requests reach the provider as written (model replaced), so fields the
   * canonical form cannot carry survive.
   */
  MESSAGES_PASS_THROUGH
}
