package dev.switchboard.it.matrix;

/**
 * Renders {@code docs/translation-matrix.md} from the {@link Feature} rows and the
 * {@link Upstream} capability flags, so the document cannot say what the suite does not assert.
 *
 * <p>Stateless.
 */
final class MatrixDoc {
  static final String PATH = "docs/translation-matrix.md";
  static final String REGENERATE = "./mvnw -o test -Dtest=TranslationMatrixDocTest"
      + " -Dmatrix.write=true";

  private MatrixDoc() {}

  static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Translation matrix\n\n")
        .append("<!-- Generated from the capability flags in src/test/java/dev/switchboard/it/"
            + "matrix/Upstream.java; do not edit. Regenerate: ").append(REGENERATE)
        .append(" -->\n\n")
        .append("What each inbound API gets from each outbound adapter. ✅ supported, ≈ approximated"
            + " (how), ⛔ refused (with which error). Every cell is asserted by `TranslationMatrixIT`"
            + " or `ThinkingMatrixIT` (official OpenAI and Anthropic SDKs against the gateway, the"
            + " simulator checking each provider's wire format), as JSON and as a stream.\n\n");
    b.append("| feature |");
    for (Inbound in : Inbound.values()) {
      for (Upstream u : Upstream.values()) {
        b.append(' ').append(in.title).append(" → ").append(u.title).append(" |");
      }
    }
    b.append("\n|---|");
    b.append("---|".repeat(Inbound.values().length * Upstream.values().length)).append('\n');
    for (Feature f : Feature.values()) {
      b.append("| ").append(f.title).append(" |");
      for (Inbound in : Inbound.values()) {
        for (Upstream u : Upstream.values()) {
          b.append(' ').append(f.cell(in, u)).append(" |");
        }
      }
      b.append('\n');
    }
    b.append("""

        ¹ The adapter maps the provider's cache-read and cache-write counts (golden-fixture unit
        tests); only `cache_control` sent through `/v1/messages` makes the simulator report cache
        traffic, so for this pair the suite checks only that those counts stay within the prompt.
        On the OpenAI side cache writes are a top-level `usage` field, as LiteLLM reports them,
        present only when there are some; prompt tokens include reads and writes.

        ² Unless a transformation or guardrail policy rewrote the request: then the rewritten
        canonical form is translated as for any other provider.

        ³ Translated like a single call, but not exercised: this provider's simulator answers with
        one call at a time.

        ## Reasoning on the OpenAI side

        An Anthropic upstream's thinking (and a Claude model's on Bedrock) reaches OpenAI
        clients as `reasoning_content` (on the message, and as stream deltas) and, signed, as
        `thinking_blocks` — the field LiteLLM uses:
        `[{"type": "thinking", "thinking": "…", "signature": "…"}, {"type": "redacted_thinking",
        "data": "…"}]`. In a stream each thinking block arrives a second time, whole with its
        signature, in a `thinking_blocks` delta when its signature is known; a redacted block
        arrives when it starts. To continue a tool loop with thinking on, send the assistant
        message back with its `thinking_blocks` unchanged: the adapter puts them first in the
        assistant turn, before `tool_use` (on Bedrock as `reasoningContent` blocks before
        `toolUse`), as Anthropic requires. `reasoning_content` alone
        carries no signature and is not sent back.
        """);
    return b.toString();
  }
}
