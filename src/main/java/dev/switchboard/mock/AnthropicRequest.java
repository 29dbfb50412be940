package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The parts of a {@code POST /v1/messages} body the simulator acts on, validated the way
 * Anthropic's Messages API validates them (field paths like {@code messages.1.content.0} in the
 * messages), and the deterministic generation that answers it.
 *
 * <p>Immutable; built and used on the request's event loop.
 *
 * @param model the requested model
 * @param maxTokens {@code max_tokens}, required by the API
 * @param stream whether to answer with server-sent events
 * @param stopSequences {@code stop_sequences}, possibly empty
 * @param inputTokens estimated size of system prompt, messages and tools
 * @param tool the tool the answer calls instead of answering with text, or null
 * @param thinkingBudget {@code thinking.budget_tokens}, 0 when thinking is off
 * @param redactedThinking whether the answer adds a {@code redacted_thinking} block
 * @param cachePrefixes the prompt as the simulated prompt cache sees it ({@code cache_control}
 *     breakpoints and the prefixes before them)
 * @param alsoCalled further tools the answer calls in parallel after {@code tool}: every other
 *     declared tool when {@code tool_choice} is {@code any} and parallel use is not disabled
 */
record AnthropicRequest(
    String model,
    int maxTokens,
    boolean stream,
    List<String> stopSequences,
    int inputTokens,
    Tool tool,
    int thinkingBudget,
    boolean redactedThinking,
    PromptCache.Prefixes cachePrefixes,
    List<Tool> alsoCalled) {

  /** A tool the answer calls, with its {@code input_schema} (may be null). */
  record Tool(String name, JsonNode inputSchema) {}

  /**
   * The answer.
   *
   * @param pieces text tokens, or fragments of the tool input JSON when {@code toolName} is set
   * @param stopReason {@code end_turn}, {@code max_tokens}, {@code stop_sequence} or
   *     {@code tool_use}
   * @param stopSequence the stop sequence that ended the text, or null
   * @param toolName the called tool, or null for a text answer
   */
  record Generation(List<String> pieces, String stopReason, String stopSequence, String toolName) {
    String joined() {
      return String.join("", pieces);
    }
  }

  /**
   * Top-level fields the API knows. Anything else is rejected ("Extra inputs are not permitted"),
   * as the real API does, so a gateway that leaks OpenAI-only fields is caught here.
   */
  private static final Set<String> FIELDS = Set.of("model", "messages", "max_tokens", "system",
      "metadata", "stop_sequences", "stream", "temperature", "top_k", "top_p", "tools",
      "tool_choice", "thinking", "service_tier", "container", "mcp_servers",
      "context_management", "output_format", "output_config");

  static AnthropicRequest parse(JsonNode body) {
    rejectUnknownFields(body);
    String model = string(body, "model", true);
    Integer maxTokens = integer(body, "max_tokens", 1);
    if (maxTokens == null) {
      throw AnthropicErrors.required("max_tokens");
    }
    long chars = systemChars(body.get("system")) + AnthropicMessages.validate(body.get("messages"));
    boolean stream = bool(body, "stream");
    number(body, "temperature", 1);
    number(body, "top_p", 1);
    integer(body, "top_k", 0);
    List<String> stops = stopSequences(body.get("stop_sequences"));
    JsonNode tools = body.get("tools");
    chars += AnthropicMessages.validateTools(tools);
    Tool tool = chosenTool(tools, body.get("tool_choice"), body.get("messages"));
    int budget = AnthropicThinking.budget(body.get("thinking"), maxTokens);
    AnthropicThinking.validateHistory(body.get("messages"), budget > 0);
    return new AnthropicRequest(model, maxTokens, stream, stops,
        CompletionText.estimateTokens(chars), tool, budget,
        budget > 0 && AnthropicThinking.wantsRedacted(body.get("messages")),
        PromptCache.anthropic(body), alsoCalled(tools, body.get("tool_choice"), tool));
  }

  /** Validates only what {@code count_tokens} needs and estimates like {@link #parse}. */
  static int countTokens(JsonNode body) {
    string(body, "model", true);
    long chars = systemChars(body.get("system")) + AnthropicMessages.validate(body.get("messages"));
    return CompletionText.estimateTokens(chars + AnthropicMessages.validateTools(body.get("tools")));
  }

  private static void rejectUnknownFields(JsonNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw AnthropicErrors.invalid(name + ": Extra inputs are not permitted");
      }
    }
  }

  static String string(JsonNode obj, String field, boolean required) {
    JsonNode n = obj.get(field);
    if (JsonFields.absent(n)) {
      if (required) {
        throw AnthropicErrors.required(field);
      }
      return null;
    }
    if (!n.isTextual()) {
      throw AnthropicErrors.invalid(field + ": Input should be a valid string");
    }
    return n.textValue();
  }

  private static Integer integer(JsonNode body, String field, int min) {
    JsonNode n = body.get(field);
    if (JsonFields.absent(n)) {
      return null;
    }
    if (!n.isIntegralNumber() || n.longValue() > Integer.MAX_VALUE) {
      throw AnthropicErrors.invalid(field + ": Input should be a valid integer");
    }
    if (n.longValue() < min) {
      throw AnthropicErrors.invalid(field + ": Input should be greater than or equal to " + min);
    }
    return n.intValue();
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (JsonFields.absent(n)) {
      return false;
    }
    if (!n.isBoolean()) {
      throw AnthropicErrors.invalid(field + ": Input should be a valid boolean");
    }
    return n.booleanValue();
  }

  private static void number(JsonNode body, String field, double max) {
    JsonNode n = body.get(field);
    if (JsonFields.absent(n)) {
      return;
    }
    if (!n.isNumber()) {
      throw AnthropicErrors.invalid(field + ": Input should be a valid number");
    }
    if (n.doubleValue() < 0 || n.doubleValue() > max) {
      throw AnthropicErrors.invalid(field + ": range: 0..1");
    }
  }

  /** {@code system} is a string or an array of text blocks. */
  private static long systemChars(JsonNode system) {
    if (JsonFields.absent(system)) {
      return 0;
    }
    if (system.isTextual()) {
      return system.textValue().length();
    }
    if (!system.isArray()) {
      throw AnthropicErrors.invalid("system: Input should be a valid string or list of text blocks");
    }
    long chars = 0;
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      if (!"text".equals(block.path("type").asText())) {
        throw AnthropicErrors.invalid("system." + i + ".type: Input should be 'text'");
      }
      chars += string(block, "text", true).length();
    }
    return chars;
  }

  private static List<String> stopSequences(JsonNode stops) {
    if (JsonFields.absent(stops)) {
      return List.of();
    }
    if (!stops.isArray()) {
      throw AnthropicErrors.invalid("stop_sequences: Input should be a valid list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < stops.size(); i++) {
      JsonNode s = stops.get(i);
      if (!s.isTextual() || s.textValue().isEmpty()) {
        throw AnthropicErrors.invalid("stop_sequences." + i + ": Input should be a non-empty string");
      }
      out.add(s.textValue());
    }
    return List.copyOf(out);
  }

  /**
   * The tool the answer calls. As the chat simulator does, a request with tools calls the first
   * one unless {@code tool_choice} says otherwise; with {@code auto} (the default) a conversation
   * whose last user turn carries tool results gets a text answer, so agent loops terminate.
   */
  private static Tool chosenTool(JsonNode tools, JsonNode choice, JsonNode messages) {
    String type = "auto";
    String wanted = null;
    if (!JsonFields.absent(choice)) {
      if (!choice.isObject()) {
        throw AnthropicErrors.invalid("tool_choice: Input should be a valid dictionary");
      }
      type = string(choice, "type", true);
      if (!Set.of("auto", "any", "tool", "none").contains(type)) {
        throw AnthropicErrors.invalid("tool_choice.type: Input tag '" + type + "' found using"
            + " 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
      }
      wanted = type.equals("tool") ? string(choice, "name", true) : null;
    }
    if (JsonFields.absent(tools) || tools.isEmpty() || type.equals("none")) {
      return null;
    }
    if (type.equals("auto") && AnthropicMessages.endsWithToolResult(messages)) {
      return null;
    }
    for (JsonNode t : tools) {
      String name = t.path("name").asText();
      if (wanted == null || wanted.equals(name)) {
        return new Tool(name, t.get("input_schema"));
      }
    }
    throw AnthropicErrors.invalid("tool_choice: tool '" + wanted + "' not found in tools");
  }

  boolean thinking() {
    return thinkingBudget > 0;
  }

  /** Every declared tool but {@code first}, when {@code any} allows calling them in parallel. */
  private static List<Tool> alsoCalled(JsonNode tools, JsonNode choice, Tool first) {
    if (first == null || JsonFields.absent(choice) || !"any".equals(choice.path("type").asText())
        || choice.path("disable_parallel_tool_use").asBoolean(false)) {
      return List.of();
    }
    List<Tool> out = new ArrayList<>();
    for (JsonNode t : tools) {
      if (!t.path("name").asText().equals(first.name())) {
        out.add(new Tool(t.path("name").asText(), t.get("input_schema")));
      }
    }
    return List.copyOf(out);
  }

  /** The input JSON of a parallel call, in the pieces its {@code input_json_delta}s carry. */
  static List<String> inputPieces(Tool t) {
    return CompletionText.split(SchemaSampler.sample(t.inputSchema()).toString(), 2);
  }

  /** Output tokens the parallel calls add. */
  int alsoCalledTokens() {
    return alsoCalled.stream().mapToInt(t -> inputPieces(t).size()).sum();
  }

  /** The deterministic answer for a simulator configured to produce {@code tokens} tokens. */
  Generation generate(int tokens) {
    if (tool != null) {
      // Tool input must stay parseable, so it is complete and never shorter than one piece.
      String input = SchemaSampler.sample(tool.inputSchema()).toString();
      return new Generation(
          CompletionText.split(input, Math.max(1, tokens)), "tool_use", null, tool.name());
    }
    int count = Math.min(tokens, maxTokens);
    List<String> pieces = CompletionText.tokens(count);
    String text = String.join("", pieces);
    int cut = -1;
    String matched = null;
    for (String stop : stopSequences) {
      int at = text.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
        matched = stop;
      }
    }
    if (matched != null) {
      return new Generation(CompletionText.cutAt(pieces, cut), "stop_sequence", matched, null);
    }
    return new Generation(pieces, count < tokens ? "max_tokens" : "end_turn", null, null);
  }
}
