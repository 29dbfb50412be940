package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a Gemini {@code generateContent} body the simulator acts on, validated the way the
 * API validates them, and the deterministic generation that answers it.
 *
 * <p>Immutable; built and used on the request's event loop.
 *
 * @param model the model named in the URL
 * @param maxOutputTokens {@code generationConfig.maxOutputTokens}, or null when unset
 * @param stopSequences {@code generationConfig.stopSequences}, possibly empty
 * @param promptTokens estimated size of system instruction, contents and tools
 * @param function the function the answer calls instead of answering with text, or null
 */
record GeminiRequest(
    String model,
    Integer maxOutputTokens,
    List<String> stopSequences,
    int promptTokens,
    Function function,
    boolean includeThoughts) {

  /** A declared function the answer calls, with its parameters schema (may be null). */
  record Function(String name, JsonNode parameters) {}

  /** {@code toolConfig.functionCallingConfig}: the mode and the allowed names (empty: all). */
  private record Calling(String mode, Set<String> allowed) {}

  /**
   * The answer.
   *
   * @param pieces text tokens; for a function call, one piece holding the whole args JSON
   * @param finishReason {@code STOP} or {@code MAX_TOKENS}
   * @param functionName the called function, or null for a text answer
   * @param tokens the answer's size in tokens
   */
  record Generation(List<String> pieces, String finishReason, String functionName, int tokens) {
    String joined() {
      return String.join("", pieces);
    }
  }

  /** Top-level fields the API knows (plus their snake_case spellings); others are rejected. */
  private static final Set<String> FIELDS = Set.of("model", "contents", "systemInstruction",
      "tools", "toolConfig", "generationConfig", "safetySettings", "cachedContent");
  private static final Set<String> CONFIG_FIELDS = Set.of("stopSequences", "responseMimeType",
      "responseSchema", "responseJsonSchema", "responseModalities", "candidateCount",
      "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty",
      "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
      "speechConfig", "thinkingConfig", "imageConfig", "mediaResolution");
  /** Tool kinds; an OpenAI-style {@code {"type":"function"}} tool fails on {@code type}. */
  private static final Set<String> TOOL_FIELDS = Set.of("functionDeclarations", "googleSearch",
      "googleSearchRetrieval", "codeExecution", "urlContext", "computerUse", "fileSearch",
      "googleMaps", "mcpServers");
  private static final Set<String> DECLARATION_FIELDS = Set.of("name", "description",
      "parameters", "parametersJsonSchema", "response", "responseJsonSchema", "behavior");
  private static final Set<String> MODES = Set.of("MODE_UNSPECIFIED", "AUTO", "ANY", "NONE",
      "VALIDATED");

  static GeminiRequest parse(String model, JsonNode body) {
    GeminiContents.rejectUnknown(body, FIELDS, null);
    JsonNode contents = GeminiContents.get(body, "contents");
    long chars = GeminiContents.validate(contents);
    JsonNode system = GeminiContents.get(body, "systemInstruction");
    if (!JsonFields.absent(system)) {
      GeminiContents.rejectUnknown(system, Set.of("role", "parts"), "system_instruction");
      chars += GeminiContents.parts(GeminiContents.get(system, "parts"), "system_instruction",
          Set.of(), new HashSet<>());
    }
    JsonNode config = GeminiContents.get(body, "generationConfig");
    Integer max = maxOutputTokens(config);
    List<String> stops = stopSequences(config);
    JsonNode tools = GeminiContents.get(body, "tools");
    chars += validateTools(tools);
    Calling calling = calling(GeminiContents.get(body, "toolConfig"));
    Function function = chosenFunction(tools, calling, contents);
    return new GeminiRequest(model, max, stops, CompletionText.estimateTokens(chars), function,
        includeThoughts(config));
  }

  private static List<String> stopSequences(JsonNode config) {
    JsonNode stops = JsonFields.absent(config) ? null : GeminiContents.get(config, "stopSequences");
    if (JsonFields.absent(stops)) {
      return List.of();
    }
    if (!stops.isArray()) {
      throw GeminiErrors.badValue("generation_config.stop_sequences", "TYPE_STRING",
          stops.toString());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : stops) {
      if (!s.isTextual()) {
        throw GeminiErrors.badValue("generation_config.stop_sequences", "TYPE_STRING",
            s.toString());
      }
      if (!s.textValue().isEmpty()) {
        out.add(s.textValue());
      }
    }
    return List.copyOf(out);
  }

  /** The simulated model's thought summary, sent when {@code includeThoughts} asks for it. */
  static final String THOUGHT = "**Answering** I will answer the question directly.";

  /** {@code generationConfig.thinkingConfig.includeThoughts}, validated like the API does. */
  private static boolean includeThoughts(JsonNode config) {
    JsonNode tc = JsonFields.absent(config) ? null : GeminiContents.get(config, "thinkingConfig");
    if (JsonFields.absent(tc)) {
      return false;
    }
    if (!tc.isObject()) {
      throw GeminiErrors.badValue("generation_config.thinking_config", "TYPE_MESSAGE",
          tc.toString());
    }
    GeminiContents.rejectUnknown(tc, Set.of("includeThoughts", "thinkingBudget",
        "thinkingLevel"), "generation_config.thinking_config");
    JsonNode budget = GeminiContents.get(tc, "thinkingBudget");
    if (!JsonFields.absent(budget) && !budget.isIntegralNumber()) {
      throw GeminiErrors.badValue("generation_config.thinking_config.thinking_budget",
          "TYPE_INT32", budget.toString());
    }
    JsonNode include = GeminiContents.get(tc, "includeThoughts");
    if (!JsonFields.absent(include) && !include.isBoolean()) {
      throw GeminiErrors.badValue("generation_config.thinking_config.include_thoughts",
          "TYPE_BOOL", include.toString());
    }
    return include != null && include.asBoolean(false);
  }

  /**
   * The signature the simulator gives a function call made while thinking: a digest of the
   * function's name, so a signature sent back can be checked.
   */
  static String thoughtSignature(String functionName) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
          ("switchboard-gemini-sim:" + functionName).getBytes(
              java.nio.charset.StandardCharsets.UTF_8));
      return java.util.Base64.getEncoder().encodeToString(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tokens the thought summary adds to the answer. */
  int thoughtTokens() {
    return includeThoughts ? CompletionText.estimateTokens(THOUGHT.length()) : 0;
  }

  private static Integer maxOutputTokens(JsonNode config) {
    if (JsonFields.absent(config)) {
      return null;
    }
    if (!config.isObject()) {
      throw GeminiErrors.badValue("generation_config", "TYPE_MESSAGE", config.toString());
    }
    GeminiContents.rejectUnknown(config, CONFIG_FIELDS, "generation_config");
    JsonNode max = GeminiContents.get(config, "maxOutputTokens");
    if (JsonFields.absent(max)) {
      return null;
    }
    if (!max.canConvertToInt() || !(max.isIntegralNumber() || max.isTextual())) {
      throw GeminiErrors.badValue("generation_config.max_output_tokens", "TYPE_INT32",
          max.toString());
    }
    int value = max.isTextual() ? parseInt(max.textValue()) : max.intValue();
    if (value < 1) {
      throw GeminiErrors.field("generation_config.max_output_tokens",
          "max_output_tokens must be positive.");
    }
    return value;
  }

  /** Protobuf JSON accepts 32-bit integers as strings too. */
  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw GeminiErrors.badValue("generation_config.max_output_tokens", "TYPE_INT32",
          "\"" + s + "\"");
    }
  }

  /** Validates {@code tools}: each function declaration needs a name. */
  private static long validateTools(JsonNode tools) {
    if (JsonFields.absent(tools)) {
      return 0;
    }
    if (!tools.isArray()) {
      throw GeminiErrors.badValue("tools", "TYPE_MESSAGE", tools.toString());
    }
    long chars = 0;
    for (int i = 0; i < tools.size(); i++) {
      GeminiContents.rejectUnknown(tools.get(i), TOOL_FIELDS, "tools[" + i + "]");
      JsonNode declarations = GeminiContents.get(tools.get(i), "functionDeclarations");
      if (JsonFields.absent(declarations)) {
        continue; // googleSearch, codeExecution and friends: nothing the simulator acts on
      }
      for (int j = 0; j < declarations.size(); j++) {
        JsonNode d = declarations.get(j);
        String path = "tools[" + i + "].function_declarations[" + j + "]";
        GeminiContents.rejectUnknown(d, DECLARATION_FIELDS, path);
        JsonNode name = d.get("name");
        if (JsonFields.absent(name) || !name.isTextual() || name.textValue().isEmpty()) {
          throw GeminiErrors.field(path + ".name", "Name cannot be empty.");
        }
        chars += d.toString().length();
      }
    }
    return chars;
  }

  private static Calling calling(JsonNode toolConfig) {
    JsonNode config = JsonFields.absent(toolConfig) ? null
        : GeminiContents.get(toolConfig, "functionCallingConfig");
    if (JsonFields.absent(config)) {
      return new Calling("AUTO", Set.of());
    }
    String mode = "AUTO";
    JsonNode m = config.get("mode");
    if (!JsonFields.absent(m)) {
      if (!MODES.contains(m.asText())) {
        throw GeminiErrors.badValue("tool_config.function_calling_config.mode",
            "type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode",
            m.toString());
      }
      mode = m.asText();
    }
    Set<String> allowed = new HashSet<>();
    JsonNode names = GeminiContents.get(config, "allowedFunctionNames");
    for (JsonNode n : JsonFields.absent(names) ? List.<JsonNode>of() : names) {
      allowed.add(n.asText());
    }
    return new Calling(mode, allowed);
  }

  /**
   * The function the answer calls. As the other simulated APIs do, a request with functions calls
   * the first one (the first allowed one); in AUTO mode (the default) a conversation whose last
   * turn carries function responses gets a text answer, so agent loops terminate. ANY always
   * calls, NONE never does.
   */
  private static Function chosenFunction(JsonNode tools, Calling calling, JsonNode contents) {
    if (JsonFields.absent(tools) || calling.mode().equals("NONE")) {
      return null;
    }
    if (!calling.mode().equals("ANY") && GeminiContents.endsWithFunctionResponse(contents)) {
      return null;
    }
    for (JsonNode tool : tools) {
      JsonNode declarations = GeminiContents.get(tool, "functionDeclarations");
      for (JsonNode d : declarations == null ? List.<JsonNode>of() : declarations) {
        String name = d.get("name").textValue();
        if (calling.allowed().isEmpty() || calling.allowed().contains(name)) {
          JsonNode params = GeminiContents.get(d, "parameters");
          return new Function(name,
              params != null ? params : GeminiContents.get(d, "parametersJsonSchema"));
        }
      }
    }
    return null;
  }

  /** The deterministic answer for a simulator configured to produce {@code tokens} tokens. */
  Generation generate(int tokens) {
    if (function != null) {
      // Gemini sends a function call whole, in one part, even when streaming.
      String args = SchemaSampler.sample(function.parameters()).toString();
      return new Generation(List.of(args), "STOP", function.name(),
          CompletionText.estimateTokens(args.length()));
    }
    int count = maxOutputTokens == null ? tokens : Math.min(tokens, maxOutputTokens);
    List<String> pieces = CompletionText.tokens(count);
    String text = String.join("", pieces);
    int cut = -1;
    for (String stop : stopSequences) {
      int at = text.indexOf(stop);
      cut = at >= 0 && (cut < 0 || at < cut) ? at : cut;
    }
    if (cut >= 0) {
      // Gemini reports a matched stop sequence as a plain STOP and leaves it out of the text.
      List<String> kept = CompletionText.cutAt(pieces, cut);
      return new Generation(kept, "STOP", null, kept.size());
    }
    return new Generation(pieces, count < tokens ? "MAX_TOKENS" : "STOP", null, count);
  }
}
