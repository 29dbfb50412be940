package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The parts of a Converse / ConverseStream body the simulator acts on, validated the way Bedrock
 * validates them: known top-level fields only, a conversation that starts with a user message
 * and alternates roles, content blocks of one known kind each and never blank text, tool results
 * only for tool uses of the turn before, tool blocks only with a {@code toolConfig}, and
 * {@code inferenceConfig} within its bounds. Every violation is a {@code ValidationException}.
 *
 * @param model the model id from the URL
 * @param maxTokens {@code inferenceConfig.maxTokens}, or null
 * @param stopSequences {@code inferenceConfig.stopSequences}
 * @param promptTokens estimated size of system, messages and tools
 * @param tools the tools the answer calls, in order, instead of answering with text (empty:
 *     a text answer)
 * @param thinkingBudget Claude's thinking budget from {@code additionalModelRequestFields}, 0
 *     when thinking is off ({@link BedrockReasoning})
 * @param redactedThinking whether the answer also carries a redacted reasoning block
 * @param cachePrefixes the prompt as the simulated prompt cache sees it ({@code cachePoint}
 *     blocks and the prefixes before them)
 */
record BedrockRequest(String model, Integer maxTokens, List<String> stopSequences,
    int promptTokens, List<Tool> tools, int thinkingBudget, boolean redactedThinking,
    PromptCache.Prefixes cachePrefixes) {

  /** A declared tool the answer calls, with its input schema. */
  record Tool(String name, JsonNode schema) {}

  /**
   * One tool use of an answer.
   *
   * @param name the tool's name
   * @param fragments the input JSON cut into the fragments a stream sends
   */
  record Call(String name, List<String> fragments) {
    String input() {
      return String.join("", fragments);
    }
  }

  /**
   * What the simulated model answers: text, or one or more tool uses.
   *
   * @param pieces text tokens (empty when the answer uses tools)
   * @param calls the tool uses, in order (empty for a text answer)
   * @param stopReason Converse's stop reason
   * @param tokens the answer's size in tokens
   */
  record Generation(List<String> pieces, List<Call> calls, String stopReason, int tokens) {
    String joined() {
      return String.join("", pieces);
    }
  }

  private static final Set<String> FIELDS = Set.of("messages", "system", "inferenceConfig",
      "toolConfig", "guardrailConfig", "additionalModelRequestFields", "promptVariables",
      "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig");
  private static final Set<String> BLOCKS = Set.of("text", "image", "document", "video",
      "toolUse", "toolResult", "guardContent", "cachePoint", "reasoningContent");
  private static final Set<String> INFERENCE = Set.of("maxTokens", "temperature", "topP",
      "stopSequences");

  static BedrockRequest parse(String model, JsonNode body) {
    rejectUnknown(body, FIELDS);
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw BedrockErrors.validation("The messages field is required and must contain at least"
          + " one message.");
    }
    boolean hasToolConfig = body.hasNonNull("toolConfig");
    long chars = BedrockConversation.validate(messages, hasToolConfig);
    chars += systemChars(body.get("system"));
    JsonNode inference = body.get("inferenceConfig");
    Integer max = null;
    List<String> stops = List.of();
    if (inference != null && !inference.isNull()) {
      rejectUnknown(inference, INFERENCE);
      max = maxTokens(inference.get("maxTokens"));
      unitInterval(inference.get("temperature"), "temperature");
      unitInterval(inference.get("topP"), "topP");
      stops = stopSequences(inference.get("stopSequences"));
    }
    JsonNode toolConfig = body.get("toolConfig");
    List<Tool> tools = List.of();
    if (hasToolConfig) {
      chars += toolConfig.toString().length();
      tools = BedrockConversation.chosenTools(toolConfig, messages);
    }
    int budget = BedrockReasoning.budget(body.get("additionalModelRequestFields"), max);
    BedrockReasoning.validateHistory(messages, budget > 0);
    return new BedrockRequest(model, max, stops, CompletionText.estimateTokens(chars), tools,
        budget, budget > 0 && BedrockReasoning.wantsRedacted(messages),
        PromptCache.converse(model, body));
  }

  static void rejectUnknown(JsonNode obj, Set<String> known) {
    if (!obj.isObject()) {
      throw BedrockErrors.validation("Malformed input request: expected an object, got "
          + obj.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw BedrockErrors.validation("Malformed input request: extraneous key [" + name
            + "] is not permitted, please reformat your input and try again.");
      }
    }
  }

  /** Whether a content block has exactly one known member. */
  static String blockKind(JsonNode block, String at) {
    if (!block.isObject() || block.size() != 1 || !BLOCKS.contains(block.fieldNames().next())) {
      throw BedrockErrors.validation("The content block at " + at + " must have exactly one of: "
          + String.join(", ", BLOCKS.stream().sorted().toList()) + ".");
    }
    return block.fieldNames().next();
  }

  private static long systemChars(JsonNode system) {
    if (system == null || system.isNull()) {
      return 0;
    }
    if (!system.isArray()) {
      throw BedrockErrors.validation("The system field must be a list of system content blocks.");
    }
    long chars = 0;
    for (int i = 0; i < system.size(); i++) {
      JsonNode b = system.get(i);
      if (b.has("text")) {
        String text = b.get("text").asText("");
        if (text.isBlank()) {
          throw BedrockErrors.validation("The text field in the SystemContentBlock object at"
              + " system." + i + " is blank. Add text to the text field, and try again.");
        }
        chars += text.length();
      } else if (!b.has("guardContent") && !b.has("cachePoint")) {
        throw BedrockErrors.validation("The system content block at system." + i
            + " must have one of: text, guardContent, cachePoint.");
      }
    }
    return chars;
  }

  private static Integer maxTokens(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() < 1) {
      throw BedrockErrors.validation("1 validation error detected: Value '" + v + "' at"
          + " 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value"
          + " greater than or equal to 1");
    }
    return (int) Math.min(Integer.MAX_VALUE, v.asLong());
  }

  private static void unitInterval(JsonNode v, String name) {
    if (v != null && !v.isNull() && (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1)) {
      throw BedrockErrors.validation("1 validation error detected: Value '" + v + "' at"
          + " 'inferenceConfig." + name + "' failed to satisfy constraint: Member must have"
          + " value less than or equal to 1 and greater than or equal to 0");
    }
  }

  private static List<String> stopSequences(JsonNode v) {
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > 2500) {
      throw BedrockErrors.validation("inferenceConfig.stopSequences must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isTextual() || s.textValue().isEmpty()) {
        throw BedrockErrors.validation("inferenceConfig.stopSequences must hold non-empty"
            + " strings.");
      }
      out.add(s.textValue());
    }
    return List.copyOf(out);
  }

  /** The deterministic answer for a simulator configured to produce {@code tokens} tokens. */
  Generation generate(int tokens) {
    if (!tools.isEmpty()) {
      List<Call> calls = new ArrayList<>();
      int size = 0;
      for (Tool tool : tools) {
        String input = SchemaSampler.sample(tool.schema()).toString();
        // Bedrock streams a tool's input as JSON fragments: a few, so clients must join them.
        calls.add(new Call(tool.name(),
            CompletionText.split(input, Math.max(1, Math.min(tokens, 4)))));
        size += input.length();
      }
      return new Generation(List.of(), List.copyOf(calls), "tool_use",
          CompletionText.estimateTokens(size));
    }
    int count = maxTokens == null ? tokens : Math.min(tokens, maxTokens);
    List<String> pieces = CompletionText.tokens(count);
    String text = String.join("", pieces);
    int cut = -1;
    for (String stop : stopSequences) {
      int at = text.indexOf(stop);
      cut = at >= 0 && (cut < 0 || at < cut) ? at : cut;
    }
    if (cut >= 0) {
      List<String> kept = CompletionText.cutAt(pieces, cut);
      return new Generation(kept, List.of(), "stop_sequence", kept.size());
    }
    return new Generation(pieces, List.of(), count < tokens ? "max_tokens" : "end_turn", count);
  }

  /** The ids of the toolUse blocks of one message. */
  static Set<String> toolUseIds(JsonNode message) {
    Set<String> ids = new HashSet<>();
    for (JsonNode b : message.path("content")) {
      if (b.has("toolUse")) {
        ids.add(b.get("toolUse").path("toolUseId").asText(""));
      }
    }
    return ids;
  }
}
