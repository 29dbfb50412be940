package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;

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
}
