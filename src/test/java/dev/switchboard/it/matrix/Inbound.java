package dev.switchboard.it.matrix;

/**
 * The client-facing APIs of the gateway that the translation matrix drives, each with the
 * official SDK of its vendor.
 *
 * <p>Immutable constants.
 */
enum Inbound {
  /** {@code POST /v1/chat/completions} with the official OpenAI Java SDK. */
  OPENAI_CHAT("OpenAI `/v1/chat/completions`"),
  /** {@code POST /v1/messages} with the official Anthropic Java SDK. */
  ANTHROPIC_MESSAGES("Anthropic `/v1/messages`");

  final String title;

  Inbound(String title) {
    this.title = title;
  }
}
