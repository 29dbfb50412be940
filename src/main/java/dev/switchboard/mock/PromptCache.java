package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated providers' prompt cache, so that Anthropic and Bedrock answers report cache
 * writes the first time a marked prompt prefix is seen and cache reads when it comes again.
 *
 * <p>A prompt is seen as its parts in the order the providers cache them — tools, system, then
 * the messages' content blocks — and a prefix as the hash of the parts up to a block boundary
 * (the model included: caches are per model). A breakpoint ({@code cache_control} on a block, or
 * a Bedrock {@code cachePoint} after one) asks for the prefix up to it to be cached. A request
 * reads the longest earlier-cached prefix found at any boundary up to its last breakpoint — as the
 * providers look back for earlier breakpoints — and writes the rest of that span; the markers
 * themselves are not hashed, so moving a breakpoint further down the conversation (as Claude Code
 * does each turn) reads what the earlier turn wrote. A prefix's size in tokens is estimated from
 * its own text as the request's input is ({@link CompletionText#estimateTokens}: 4 characters a
 * token), so a prefix read reports exactly what writing it did. Unlike the real caches there is
 * no minimum cacheable length and no expiry: the oldest of {@link #CAPACITY} prefixes is
 * forgotten first, so answers are deterministic for a given sequence of requests.
 *
 * <p>Thread-safe: one instance in {@link MockState} serves every event loop; {@link #use} locks
 * it briefly.
 */
final class PromptCache {
  /** Prefixes remembered before the least recently used is forgotten. */
  static final int CAPACITY = 4096;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * How a request's prompt met the cache, in tokens.
   *
   * @param read tokens read from the cache
   * @param written tokens written to it
   * @param oneHour whether they were written with the 1-hour TTL
   */
  record Use(int read, int written, boolean oneHour) {
    static final Use NONE = new Use(0, 0, false);

    /** The input tokens neither read nor written, of {@code inputTokens} in all. */
    int uncached(int inputTokens) {
      return Math.max(0, inputTokens - read - written);
    }
  }

  /** The end of one part: the prefix's hash and its size in characters. */
  private record Boundary(long hash, long chars, boolean breakpoint, boolean oneHour) {}

  /** A request's prompt as the cache sees it. Immutable once built. */
  static final class Prefixes {
    static final Prefixes NONE = new Prefixes(List.of());
    private final List<Boundary> boundaries;

    private Prefixes(List<Boundary> boundaries) {
      this.boundaries = boundaries;
    }

    /** Whether the request asks for anything to be cached. */
    boolean marked() {
      return lastBreakpoint() >= 0;
    }

    private int lastBreakpoint() {
      for (int i = boundaries.size() - 1; i >= 0; i--) {
        if (boundaries.get(i).breakpoint()) {
          return i;
        }
      }
      return -1;
    }
  }

  private final Map<Long, Boolean> seen = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /**
   * Looks {@code p} up and remembers its breakpoints: the tokens of {@code inputTokens} that the
   * request reads from the cache and writes to it.
   */
  Use use(Prefixes p, int inputTokens) {
    int last = p.lastBreakpoint();
    if (last < 0) {
      return Use.NONE;
    }
    long readChars = 0;
    synchronized (seen) {
      for (int i = last; i >= 0; i--) {
        if (seen.get(p.boundaries.get(i).hash()) != null) {
          readChars = p.boundaries.get(i).chars();
          break;
        }
      }
      for (int i = 0; i <= last; i++) {
        if (p.boundaries.get(i).breakpoint()) {
          seen.put(p.boundaries.get(i).hash(), Boolean.TRUE);
        }
      }
    }
    Boundary end = p.boundaries.get(last);
    int read = tokens(readChars, inputTokens);
    return new Use(read, tokens(end.chars(), inputTokens) - read, end.oneHour());
  }

  /** The tokens of {@code chars} characters, as the input estimate counts, within the input. */
  private static int tokens(long chars, int inputTokens) {
    return (int) Math.min(inputTokens, chars / 4);
  }

  /** The prefixes of a Messages API request (validated already). */
  static Prefixes anthropic(JsonNode body) {
    if (body.findValue("cache_control") == null) {
      return Prefixes.NONE; // nothing to cache: spare the hashing
    }
    Builder b = new Builder(body.path("model").asText());
    for (JsonNode tool : body.path("tools")) {
      b.anthropicBlock(tool);
    }
    JsonNode system = body.path("system");
    if (system.isTextual()) {
      b.part(system);
    }
    for (JsonNode block : system) {
      b.anthropicBlock(block);
    }
    for (JsonNode m : body.path("messages")) {
      b.separator(m.path("role").asText());
      JsonNode content = m.path("content");
      if (content.isTextual()) {
        b.part(content);
      }
      for (JsonNode block : content) {
        b.anthropicBlock(block);
      }
    }
    return b.build();
  }

  /** The prefixes of a Converse request (validated already) for {@code model}. */
  static Prefixes converse(String model, JsonNode body) {
    if (body.findValue("cachePoint") == null) {
      return Prefixes.NONE;
    }
    Builder b = new Builder(model);
    for (JsonNode tool : body.path("toolConfig").path("tools")) {
      b.conversePart(tool);
    }
    for (JsonNode block : body.path("system")) {
      b.conversePart(block);
    }
    for (JsonNode m : body.path("messages")) {
      b.separator(m.path("role").asText());
      for (JsonNode block : m.path("content")) {
        b.conversePart(block);
      }
    }
    return b.build();
  }

  /** Collects a prompt's parts in order. Not thread-safe: one per request. */
  private static final class Builder {
    private final List<Boundary> boundaries = new ArrayList<>();
    private long hash = FNV_OFFSET;
    private long chars;

    Builder(String model) {
      hash("model:" + model);
    }

    /** A tool, system or content block, a breakpoint when it carries {@code cache_control}. */
    void anthropicBlock(JsonNode block) {
      JsonNode mark = block.get("cache_control");
      if (mark == null || !block.isObject()) {
        part(block);
        return;
      }
      ObjectNode plain = ((ObjectNode) block).deepCopy();
      plain.remove("cache_control");
      part(plain);
      breakpoint("1h".equals(mark.path("ttl").asText()));
    }

    /** A Converse block; a {@code cachePoint} marks the boundary before it instead. */
    void conversePart(JsonNode block) {
      if (block.has("cachePoint")) {
        breakpoint(false);
      } else {
        part(block);
      }
    }

    /** Something that tells parts apart (a message's role) without being a boundary. */
    void separator(String text) {
      hash("\u0000" + text);
    }

    void part(JsonNode part) {
      hash(part.toString());
      chars += textChars(part);
      boundaries.add(new Boundary(hash, chars, false, false));
    }

    private void breakpoint(boolean oneHour) {
      if (!boundaries.isEmpty()) {
        Boundary b = boundaries.remove(boundaries.size() - 1);
        boundaries.add(new Boundary(b.hash(), b.chars(), true, oneHour));
      }
    }

    private void hash(String text) {
      for (int i = 0; i < text.length(); i++) {
        hash = (hash ^ text.charAt(i)) * FNV_PRIME;
      }
    }

    Prefixes build() {
      return new Prefixes(List.copyOf(boundaries));
    }
  }

  /**
   * The characters of text in {@code node}, roughly what the input-token estimate counts: string
   * values, leaving out block types and cache markers.
   */
  static long textChars(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().length();
    }
    long n = 0;
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!f.getKey().equals("type") && !f.getKey().equals("cache_control")) {
          n += textChars(f.getValue());
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        n += textChars(item);
      }
    }
    return n;
  }
}
