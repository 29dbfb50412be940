package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkable texts of one request or answer, each remembered with where it sits in the JSON so
 * a redaction can be written back in place: a request's message contents (plain or text parts),
 * {@code prompt} and {@code input}; an answer's {@code choices[].message.content} and
 * {@code choices[].text}. Everything else (images, tool schemas, unknown fields) is left alone.
 *
 * <p>Not thread-safe: belongs to one exchange on its event loop.
 */
final class Texts {
  /** Where one text sits: a field of an object, or an element of an array. */
  private record Slot(String role, JsonNode parent, String field, int index) {}

  private final List<Slot> slots = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  private Texts() {}

  /** The texts of a request body. */
  static Texts ofRequest(ObjectNode body) {
    Texts t = new Texts();
    JsonNode messages = body.get("messages");
    if (messages != null && messages.isArray()) {
      for (JsonNode m : messages) {
        if (m.isObject()) {
          t.content((ObjectNode) m, m.path("role").asText("user"));
        }
      }
    }
    t.stringOrList(body, "prompt");
    t.stringOrList(body, "input");
    return t;
  }

  /** The texts of an OpenAI answer body. */
  static Texts ofResponse(ObjectNode body) {
    Texts t = new Texts();
    for (JsonNode choice : body.path("choices")) {
      if (!choice.isObject()) {
        continue;
      }
      JsonNode message = choice.get("message");
      if (message != null && message.isObject()) {
        t.content((ObjectNode) message, "assistant");
      }
      t.add(choice, "text", -1, "assistant");
    }
    return t;
  }

  private void content(ObjectNode message, String role) {
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      for (JsonNode part : content) {
        if (part.isObject() && "text".equals(part.path("type").asText())) {
          add(part, "text", -1, role);
        }
      }
    } else {
      add(message, "content", -1, role);
    }
  }

  private void stringOrList(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v != null && v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        add(v, null, i, "user");
      }
    } else {
      add(body, field, -1, "user");
    }
  }

  private void add(JsonNode parent, String field, int index, String role) {
    JsonNode v = field == null ? parent.get(index) : parent.get(field);
    if (v != null && v.isTextual() && !v.asText().isEmpty()) {
      slots.add(new Slot(role, parent, field, index));
      values.add(v.asText());
    }
  }

  /** The texts, in document order. */
  List<String> values() {
    return values;
  }

  /** Who wrote text {@code i}: {@code system}, {@code user}, {@code assistant}, {@code tool} … */
  String role(int i) {
    return slots.get(i).role();
  }

  /** The total length of the texts. */
  long chars() {
    long n = 0;
    for (String v : values) {
      n += v.length();
    }
    return n;
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** Writes {@code text} over text {@code i} in the JSON. */
  void replace(int i, String text) {
    Slot s = slots.get(i);
    values.set(i, text);
    if (s.field() == null) {
      ((ArrayNode) s.parent()).set(s.index(), text);
    } else {
      ((ObjectNode) s.parent()).put(s.field(), text);
    }
  }
}
