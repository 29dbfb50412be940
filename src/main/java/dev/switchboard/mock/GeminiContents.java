package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Validation of the conversation of a Gemini {@code generateContent} request: the checks a
 * gateway's OpenAI-to-Gemini translation trips when it gets roles, parts or function-call pairing
 * wrong. Each check also counts characters, the basis of the prompt-token estimate.
 *
 * <p>Field names are accepted in lowerCamelCase and snake_case, as protobuf JSON decoding accepts
 * both. Stateless; safe from any thread.
 */
final class GeminiContents {

  /** The members of a part's {@code data} oneof: exactly one must be set. */
  private static final Set<String> DATA = Set.of("text", "inlineData", "functionCall",
      "functionResponse", "fileData", "executableCode", "codeExecutionResult");
  /** Part fields outside the oneof. */
  private static final Set<String> METADATA = Set.of("thought", "thoughtSignature",
      "videoMetadata", "partMetadata", "mediaResolution");

  private GeminiContents() {}

  /** The field {@code camel} of {@code obj}, under its camelCase or snake_case name. */
  static JsonNode get(JsonNode obj, String camel) {
    JsonNode n = obj.get(camel);
    return n != null ? n : obj.get(snake(camel));
  }

  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Rejects names of {@code obj} that are neither a {@code known} name nor its snake_case. */
  static void rejectUnknown(JsonNode obj, Set<String> known, String at) {
    for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name) && !known.contains(camel(name))) {
        throw GeminiErrors.unknownField(name, at);
      }
    }
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean up = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return out.toString();
  }

  /** Validates {@code contents} and returns the characters of their parts. */
  static long validate(JsonNode contents) {
    if (JsonFields.absent(contents) || (contents.isArray() && contents.isEmpty())) {
      throw GeminiErrors.field("contents", "contents is not specified");
    }
    if (!contents.isArray()) {
      throw GeminiErrors.badValue("contents", "TYPE_MESSAGE", contents.toString());
    }
    long chars = 0;
    Set<String> previousCalls = Set.of();
    for (int i = 0; i < contents.size(); i++) {
      String path = "contents[" + i + "]";
      JsonNode content = contents.get(i);
      if (!content.isObject()) {
        throw GeminiErrors.badValue(path, "TYPE_MESSAGE", content.toString());
      }
      rejectUnknown(content, Set.of("role", "parts"), path);
      role(content, path);
      Set<String> calls = new HashSet<>();
      chars += parts(get(content, "parts"), path, previousCalls, calls);
      previousCalls = calls;
    }
    return chars;
  }

  private static String role(JsonNode content, String path) {
    JsonNode role = content.get("role");
    if (JsonFields.absent(role) || role.asText().isEmpty()) {
      return "user"; // the API treats a role-less turn as the user's
    }
    String r = role.asText();
    if (!role.isTextual() || !(r.equals("user") || r.equals("model"))) {
      throw GeminiErrors.field(path + ".role", "Please use a valid role: user, model.");
    }
    return role.textValue();
  }

  /**
   * Validates a content's parts. {@code calls} collects the names of its function calls;
   * {@code previousCalls} are those of the turn before, which function responses answer.
   */
  static long parts(JsonNode parts, String path, Set<String> previousCalls, Set<String> calls) {
    if (JsonFields.absent(parts) || (parts.isArray() && parts.isEmpty())) {
      throw GeminiErrors.field(path + ".parts", "contents.parts must not be empty.");
    }
    if (!parts.isArray()) {
      throw GeminiErrors.badValue(path + ".parts", "TYPE_MESSAGE", parts.toString());
    }
    long chars = 0;
    for (int j = 0; j < parts.size(); j++) {
      chars += part(parts.get(j), path + ".parts[" + j + "]", previousCalls, calls);
    }
    return chars;
  }

  private static long part(JsonNode part, String path, Set<String> previousCalls,
      Set<String> calls) {
    if (!part.isObject()) {
      throw GeminiErrors.badValue(path, "TYPE_MESSAGE", part.toString());
    }
    String data = null;
    for (Iterator<String> names = part.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String known = DATA.contains(name) ? name : DATA.contains(camel(name)) ? camel(name) : null;
      if (known == null && !METADATA.contains(name) && !METADATA.contains(camel(name))) {
        throw GeminiErrors.unknownField(name, path);
      }
      if (known != null && data != null) {
        throw GeminiErrors.field(path + ".data", "oneof field 'data' is already set. Cannot set"
            + " '" + snake(known) + "'");
      }
      data = known != null ? known : data;
    }
    if (data == null) {
      throw GeminiErrors.field(path + ".data",
          "required oneof field 'data' must have one initialized field");
    }
    JsonNode value = get(part, data);
    return switch (data) {
      case "text" -> text(value, path);
      case "functionCall" -> functionCall(value, path, calls, part.get("thoughtSignature"));
      case "functionResponse" -> functionResponse(value, path, previousCalls);
      default -> value.toString().length() / 8; // media: a token-ish guess
    };
  }

  private static long text(JsonNode text, String path) {
    if (!text.isTextual()) {
      throw GeminiErrors.badValue(path + ".text", "TYPE_STRING", text.toString());
    }
    return text.textValue().length();
  }

  private static long functionCall(JsonNode call, String path, Set<String> calls,
      JsonNode signature) {
    String name = name(call, path + ".function_call");
    // A signature sent back must be the one the model gave this call.
    if (signature != null && !GeminiRequest.thoughtSignature(name).equals(signature.asText())) {
      throw GeminiErrors.field(path + ".thought_signature", "Thought signature is not valid.");
    }
    calls.add(name);
    JsonNode args = call.get("args");
    return name.length() + (args == null ? 0 : args.toString().length());
  }

  private static long functionResponse(JsonNode response, String path, Set<String> previousCalls) {
    String name = name(response, path + ".function_response");
    if (!previousCalls.contains(name)) {
      throw GeminiErrors.field(path + ".function_response.name", "Please ensure that function"
          + " response turn comes immediately after a function call turn, and that the function"
          + " response name \"" + name + "\" matches a function call of that turn.");
    }
    JsonNode body = response.get("response");
    return name.length() + (body == null ? 0 : body.toString().length());
  }

  private static String name(JsonNode obj, String path) {
    if (!obj.isObject()) {
      throw GeminiErrors.badValue(path, "TYPE_MESSAGE", obj.toString());
    }
    JsonNode name = obj.get("name");
    if (JsonFields.absent(name) || !name.isTextual() || name.textValue().isEmpty()) {
      throw GeminiErrors.field(path + ".name", "Name cannot be empty.");
    }
    return name.textValue();
  }

  /** Whether the last turn answers function calls, so AUTO mode replies with text. */
  static boolean endsWithFunctionResponse(JsonNode contents) {
    JsonNode last = contents.get(contents.size() - 1);
    for (JsonNode part : get(last, "parts")) {
      if (get(part, "functionResponse") != null) {
        return true;
      }
    }
    return false;
  }
}
