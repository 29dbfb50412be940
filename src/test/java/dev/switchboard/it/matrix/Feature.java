package dev.switchboard.it.matrix;

import static dev.switchboard.it.matrix.Capability.CACHE_USAGE;
import static dev.switchboard.it.matrix.Capability.CACHE_WRITE_USAGE;
import static dev.switchboard.it.matrix.Capability.IMAGE_URL;
import static dev.switchboard.it.matrix.Capability.MESSAGES_PASS_THROUGH;
import static dev.switchboard.it.matrix.Capability.PARALLEL_CALL_ANSWERS;
import static dev.switchboard.it.matrix.Capability.PARALLEL_TOOL_SWITCH;
import static dev.switchboard.it.matrix.Capability.REASONING;
import static dev.switchboard.it.matrix.Capability.SIGNED_REASONING;
import static dev.switchboard.it.matrix.Capability.STREAMED_TOOL_ARGUMENTS;

import java.util.function.BiFunction;

/**
 * The rows of the translation matrix: each feature says, from an adapter's capability flags,
 * whether a pair of inbound API and adapter supports it, approximates it (and how) or refuses it
 * (and with which error). {@link TranslationMatrixIT} and {@link ThinkingMatrixIT} assert what
 * each cell says.
 *
 * <p>Immutable constants.
 */
enum Feature {
  PASS_THROUGH("Anthropic-only request fields (`cache_control`, `top_k`, exact thinking budget,"
      + " `metadata`, …)", (in, u) -> in == Inbound.OPENAI_CHAT ? "— not expressible"
          : u.has(MESSAGES_PASS_THROUGH) ? "✅ request sent as written, model replaced ²"
          : "≈ dropped in translation" + (u == Upstream.OPENAI ? " (`metadata.user_id` → `user`)"
              : "")),
  TEXT("Text, system prompt", (in, u) -> switch (u) {
    case ANTHROPIC -> "✅ system → top-level `system`; `max_tokens` "
        + (in == Inbound.OPENAI_CHAT ? "defaults to 4096" : "as given");
    case GEMINI -> "✅ system → `systemInstruction`";
    case BEDROCK -> "✅ system → `system` blocks; `max_tokens` → `inferenceConfig.maxTokens`";
    default -> "✅";
  }),
  STREAM("Streaming", (in, u) -> "✅ " + (in == Inbound.OPENAI_CHAT
      ? "`chat.completion.chunk`s" : "Anthropic events")),
  TOOLS("Tool calls", (in, u) -> "✅"),
  TOOL_FRAGMENTS("Streamed tool arguments", (in, u) -> u.has(STREAMED_TOOL_ARGUMENTS)
      ? "✅ in fragments" : "≈ each call arrives whole, in one fragment"),
  PARALLEL_TOOLS("Parallel tool calls and results; turning them off", (in, u) ->
      u.has(PARALLEL_TOOL_SWITCH)
          ? "✅" + (u == Upstream.ANTHROPIC ? " off → `disable_parallel_tool_use`" : "")
          : "≈ calls and results carried; the off switch is dropped"),
  PARALLEL_ANSWERS("Answers with several tool calls", (in, u) -> u.has(PARALLEL_CALL_ANSWERS)
      ? "✅ one call per block / index, streamed apart"
      : "✅ ³"),
  IMAGE_DATA("Images as base64", (in, u) -> "✅"),
  IMAGE_URL_ROW("Images by URL", (in, u) -> u.has(IMAGE_URL) ? "✅"
      : "⛔ 400 " + (in == Inbound.OPENAI_CHAT ? "`invalid_request`, `param` names the image"
          : "`invalid_request_error`") + ": send a base64 data URL"),
  REASONING_ROW("Reasoning", (in, u) -> {
    String ask = in == Inbound.OPENAI_CHAT ? "`reasoning_effort`"
        : "`thinking` → `reasoning_effort` (budget < 4096 low, < 16384 medium, else high)";
    if (in == Inbound.ANTHROPIC_MESSAGES && u.has(MESSAGES_PASS_THROUGH)) {
      return "✅ `thinking` as given; answer thinking blocks";
    }
    if (u.has(REASONING)) {
      return "✅ " + ask + switch (u) {
        case ANTHROPIC -> " → thinking budget 1024/4096/16384";
        case BEDROCK -> " → `additionalModelRequestFields.thinking` budget 1024/4096/16384 (Claude"
            + " models; others: dropped)";
        default -> " → `thinkingConfig` budget 1024/8192/24576 with thought summaries";
      }
          + "; answer " + (in == Inbound.OPENAI_CHAT ? "`reasoning_content`" : "thinking blocks");
    }
    return u == Upstream.OPENAI
        ? "≈ " + ask + " passed on; reasoning text only if the provider returns it"
        : "≈ " + (in == Inbound.OPENAI_CHAT ? "`reasoning_effort`" : "`thinking`")
            + " dropped: no reasoning is asked for";
  }),
  SIGNED_THINKING("Signed thinking round trip (tool loops)", (in, u) -> u.has(SIGNED_REASONING)
      ? "✅ " + (in == Inbound.OPENAI_CHAT
          ? "`thinking_blocks` (with `signature`, or redacted `data`) sent back on the assistant"
              + " message are replayed before its tool calls"
          : "thinking and redacted_thinking blocks replayed before `tool_use`")
          + (u == Upstream.BEDROCK ? " (as `reasoningContent`)" : "")
      : u.has(Capability.SIGNED_TOOL_CALLS) ? (in == Inbound.OPENAI_CHAT
          ? "✅ each tool call's `extra_content.google.thought_signature` goes back on its"
              + " `functionCall`; thinking blocks are not sent"
          : "≈ thought signatures have no place in Anthropic's form and are dropped (accepted by"
              + " Gemini 2.5); thinking blocks are not sent")
      : u == Upstream.OPENAI
          ? "≈ passed on untouched as `thinking_blocks` and `reasoning_content` on the assistant"
              + " message: the provider decides"
          : "≈ " + (in == Inbound.OPENAI_CHAT ? "`thinking_blocks`" : "thinking blocks")
              + " in the history are not sent"),
  USAGE("Usage", (in, u) -> "✅ prompt and completion tokens" + (u.has(CACHE_USAGE)
      ? "; cache reads → " + (in == Inbound.OPENAI_CHAT ? "`cached_tokens`"
          : "`cache_read_input_tokens`")
          + (u.has(CACHE_WRITE_USAGE) ? ", writes → `cache_creation_input_tokens`" : "")
          + (in == Inbound.ANTHROPIC_MESSAGES && u.has(MESSAGES_PASS_THROUGH) ? "" : " ¹")
      : "")),
  ERRORS("Upstream 429 / 400 / 5xx", (in, u) -> in == Inbound.OPENAI_CHAT
      ? "✅ 429 `rate_limit_exceeded` / 400 `upstream_invalid_request` / 502 `upstream_error`"
      : "✅ 429 `rate_limit_error` / 400 `invalid_request_error` / 502 `api_error`");

  final String title;
  private final BiFunction<Inbound, Upstream, String> cell;

  Feature(String title, BiFunction<Inbound, Upstream, String> cell) {
    this.title = title;
    this.cell = cell;
  }

  String cell(Inbound in, Upstream u) {
    return cell.apply(in, u);
  }
}
