package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.TransformsSpec.InjectPosition;
import dev.switchboard.config.TransformsSpec.RequestActions;
import dev.switchboard.config.TransformsSpec.SystemPosition;
import dev.switchboard.config.TransformsSpec.Template;
import dev.switchboard.pipeline.GatewayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule's request changes, compiled: fields to remove, defaults, caps, a system prompt and an
 * injected text, applied to the canonical (OpenAI) request body in that order. The system prompt
 * and the injection need a {@code messages} list (chat); a legacy completion keeps its prompt.
 *
 * <p>Threading: immutable, shared by every event loop; {@link #apply} edits only the body given.
 */
final class RequestEdit {
  private final List<String> remove;
  private final Map<String, JsonTemplate> defaults = new LinkedHashMap<>();
  private final Map<String, JsonNode> caps;
  private final SystemPosition systemPosition;
  private final Template systemText;
  private final InjectPosition injectPosition;
  private final Template injectText;
  private final String separator;

  RequestEdit(RequestActions a) {
    this.remove = a.remove();
    a.defaults().forEach((k, v) -> defaults.put(k, JsonTemplate.compile(v)));
    this.caps = a.caps();
    this.systemPosition = a.systemPrompt() == null ? null : a.systemPrompt().position();
    this.systemText = a.systemPrompt() == null ? null : Template.parse(a.systemPrompt().text());
    this.injectPosition = a.inject() == null ? null : a.inject().position();
    this.injectText = a.inject() == null ? null : Template.parse(a.inject().text());
    this.separator = a.inject() == null ? "" : a.inject().separator();
  }

  /**
   * Changes {@code body} in place.
   *
   * @throws GatewayException (400) when a capped parameter is not a number
   */
  void apply(ObjectNode body, TemplateContext ctx) {
    for (String field : remove) {
      body.remove(field);
    }
    defaults.forEach((param, value) -> {
      JsonNode current = body.get(param);
      if (current == null || current.isNull()) {
        body.set(param, value.render(ctx));
      }
    });
    caps.forEach((param, cap) -> {
      JsonNode current = body.get(param);
      if (current == null || current.isNull()) {
        return;
      }
      if (!current.isNumber()) {
        throw GatewayException.invalid(param, "'" + param + "' must be a number.");
      }
      if (current.doubleValue() > cap.doubleValue()) {
        body.set(param, cap);
      }
    });
    JsonNode messages = body.get("messages");
    if (messages instanceof ArrayNode list) {
      if (systemText != null) {
        systemPrompt(list, ctx.render(systemText));
      }
      if (injectText != null) {
        inject(list, ctx.render(injectText));
      }
    }
  }

  private void systemPrompt(ArrayNode messages, String text) {
    switch (systemPosition) {
      case PREPEND -> messages.insert(0, system(messages, text));
      case APPEND -> messages.insert(leadingSystemMessages(messages), system(messages, text));
      case REPLACE -> {
        for (int i = messages.size() - 1; i >= 0; i--) {
          if (isSystem(messages.get(i))) {
            messages.remove(i);
          }
        }
        messages.insert(0, system(messages, text));
      }
      default -> throw new IllegalStateException(systemPosition.name());
    }
  }

  private void inject(ArrayNode messages, String text) {
    if (injectPosition == InjectPosition.SYSTEM) {
      messages.insert(leadingSystemMessages(messages), system(messages, text));
      return;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof ObjectNode m && "user".equals(m.path("role").asText())) {
        JsonNode content = m.get("content");
        if (content instanceof ArrayNode parts) {
          parts.addObject().put("type", "text").put("text", text);
        } else if (content != null && content.isTextual()) {
          m.put("content", content.asText() + separator + text);
        } else {
          m.put("content", text);
        }
        return;
      }
    }
  }

  private static ObjectNode system(ArrayNode messages, String text) {
    return messages.objectNode().put("role", "system").put("content", text);
  }

  /** How many system or developer messages open the conversation. */
  private static int leadingSystemMessages(ArrayNode messages) {
    int n = 0;
    while (n < messages.size() && isSystem(messages.get(n))) {
      n++;
    }
    return n;
  }

  private static boolean isSystem(JsonNode message) {
    String role = message.path("role").asText();
    return role.equals("system") || role.equals("developer");
  }
}
