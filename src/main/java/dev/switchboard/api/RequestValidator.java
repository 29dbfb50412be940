package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.GatewayException;
import java.util.Set;

/**
 * Checks the fields the gateway itself relies on, per endpoint, and answers a clear 400 naming the
 * parameter when one is missing or of the wrong type. Everything else passes through for the
 * provider to judge, so new OpenAI fields work without a gateway release. Stateless.
 */
public final class RequestValidator {
  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool", "function");

  private RequestValidator() {}

  public static void validate(Endpoint endpoint, ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw GatewayException.invalid("model", "Missing required parameter 'model'.");
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw GatewayException.invalid("model", "'model' must be a non-empty string.");
    }
    optionalType(body, "stream", JsonNode::isBoolean, "a boolean");
    optionalType(body, "stream_options", JsonNode::isObject, "an object");
    optionalType(body, "n", JsonNode::isIntegralNumber, "an integer");
    optionalType(body, "max_tokens", JsonNode::isIntegralNumber, "an integer");
    optionalType(body, "temperature", JsonNode::isNumber, "a number");
    optionalType(body, "top_p", JsonNode::isNumber, "a number");
    switch (endpoint) {
      case CHAT -> chat(body);
      case COMPLETIONS -> required(body, "prompt",
          n -> n.isTextual() || n.isArray(), "a string or an array");
      case EMBEDDINGS -> required(body, "input",
          n -> (n.isTextual() || n.isArray()) && !(n.isArray() && n.isEmpty()),
          "a string or a non-empty array");
      case IMAGES -> required(body, "prompt", JsonNode::isTextual, "a string");
      default -> { }
    }
  }

  private static void chat(ObjectNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw GatewayException.invalid("messages", "Missing required parameter 'messages'.");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw GatewayException.invalid("messages",
          "'messages' must be a non-empty array of {role, content} objects.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String p = "messages[" + i + "]";
      if (!m.isObject()) {
        throw GatewayException.invalid(p, "'" + p + "' must be an object with 'role' and"
            + " 'content'.");
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual()) {
        throw GatewayException.invalid(p + ".role", "'" + p + ".role' is required and must be"
            + " one of " + String.join(", ", ROLES.stream().sorted().toList()) + ".");
      }
      if (!ROLES.contains(role.asText())) {
        throw GatewayException.invalid(p + ".role", "'" + p + ".role' is '" + role.asText()
            + "'; expected one of " + String.join(", ", ROLES.stream().sorted().toList()) + ".");
      }
    }
    optionalType(body, "tools", JsonNode::isArray, "an array");
  }

  private static void required(ObjectNode body, String field,
      java.util.function.Predicate<JsonNode> ok, String expected) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      throw GatewayException.invalid(field, "Missing required parameter '" + field + "'.");
    }
    if (!ok.test(n)) {
      throw GatewayException.invalid(field, "'" + field + "' must be " + expected + ".");
    }
  }

  private static void optionalType(ObjectNode body, String field,
      java.util.function.Predicate<JsonNode> ok, String expected) {
    JsonNode n = body.get(field);
    if (n != null && !n.isNull() && !ok.test(n)) {
      throw GatewayException.invalid(field, "'" + field + "' must be " + expected + ", got "
          + n.getNodeType().toString().toLowerCase() + ".");
    }
  }
}
