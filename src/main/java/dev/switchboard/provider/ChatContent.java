package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.pipeline.GatewayException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reading parts of the canonical (OpenAI) chat request that every translating adapter needs the
 * same way. Stateless.
 */
public final class ChatContent {
  private ChatContent() {}

  /**
   * The text of a system or developer message: its string, or its text parts joined by newlines.
   *
   * @param param where the message is, for the error ({@code messages[0]})
   * @param family the upstream's name for the error ("an Anthropic model")
   * @throws GatewayException when a part is not text: such upstreams take only text instructions
   */
  public static String systemText(JsonNode content, String param, String family) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (!"text".equals(part.path("type").asText())) {
        throw GatewayException.invalid(param + ".content",
            "Only text parts can be sent as system instructions to " + family + ".");
      }
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(part.path("text").asText(""));
    }
    return sb.toString();
  }

  /** The system instructions of several messages as one text, or null when all are empty. */
  public static String joinSystem(List<String> texts) {
    return texts.stream().filter(s -> !s.isEmpty()).reduce((a, b) -> a + "\n\n" + b)
        .orElse(null);
  }

  /**
   * Hands each text of an assistant message's {@code content} to {@code text}: the string, or its
   * text parts; an earlier refusal part counts as text, since it is part of the conversation and
   * no upstream has a block of its own for it.
   */
  public static void assistantTexts(JsonNode content, Consumer<String> text) {
    if (content != null && content.isTextual()) {
      text.accept(content.asText());
    } else if (content != null && content.isArray()) {
      for (JsonNode part : content) {
        String key = "refusal".equals(part.path("type").asText()) ? "refusal" : "text";
        text.accept(part.path(key).asText(""));
      }
    }
  }

  /**
   * Adds a turn of {@code role} holding {@code items} under {@code field} ({@code content},
   * {@code parts}) to {@code turns}, merging it into the last turn when that has the same role:
   * the translated APIs want user and assistant turns to alternate.
   *
   * @return the list the items went into, or null when there were none
   */
  public static ArrayNode appendTurn(ArrayNode turns, String role, String field,
      ArrayNode items) {
    if (items.isEmpty()) {
      return null;
    }
    JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ArrayNode merged = (ArrayNode) last.get(field);
      merged.addAll(items);
      return merged;
    }
    turns.addObject().put("role", role).set(field, items);
    return items;
  }

  /** Where {@link #userParts} sends what it reads. */
  public interface UserPartSink {
    void text(String text);

    /**
     * An image part's URL (http(s) or a data URL).
     *
     * @param param where the part is, for an error ({@code messages[2].content[1]})
     */
    void image(String url, String param);
  }

  /**
   * Reads a user message's {@code content} (a string, or text and image_url parts) into
   * {@code sink}.
   *
   * @param family the upstream's name for the error ("a Gemini model")
   * @throws GatewayException for a part of another type (audio, files …)
   */
  public static void userParts(JsonNode content, String param, String family,
      UserPartSink sink) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) {
      sink.text(content.asText());
      return;
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.path("type").asText("");
      String at = param + ".content[" + i + "]";
      if ("text".equals(type)) {
        sink.text(part.path("text").asText(""));
      } else if ("image_url".equals(type)) {
        sink.image(part.path("image_url").path("url").asText(""), at);
      } else {
        throw GatewayException.invalid(at + ".type", "Content part type '" + type
            + "' cannot be sent to " + family + " (text and image_url can).");
      }
    }
  }
}
