package dev.switchboard.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The simulator's deterministic "model": a fixed sentence cut to N words, one word per token, and a
 * crude but stable prompt-token estimate.
 *
 * <p>Stateless apart from a race-tolerant cache of joined texts; safe from any thread.
 */
final class CompletionText {

  private static final String SENTENCE =
      "This is a simulated response from the Switchboard upstream simulator, generated"
          + " deterministically so that tests and benchmarks see the same words every time.";

  /** Word i of the output, with the space that separates it from word i-1 already attached. */
  private static final String[] TOKENS;

  static {
    String[] words = SENTENCE.split(" ");
    TOKENS = new String[words.length];
    for (int i = 0; i < words.length; i++) {
      TOKENS[i] = (i == 0 ? "" : " ") + words[i];
    }
  }

  private static final int CACHED = 1024;
  /** Benchmarks ask for the same length over and over; joining once per length is enough. */
  private static final AtomicReferenceArray<String> TEXTS = new AtomicReferenceArray<>(CACHED + 1);

  private CompletionText() {}

  /** Token {@code i} of the output; after the sentence ends it starts again (with a space). */
  static String token(int i) {
    return i < TOKENS.length ? TOKENS[i] : " " + TOKENS[i % TOKENS.length].strip();
  }

  /** The first {@code n} tokens as streaming pieces. */
  static List<String> tokens(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(token(i));
    }
    return out;
  }

  /** The first {@code n} tokens joined. */
  static String text(int n) {
    if (n <= CACHED) {
      String cached = TEXTS.get(n);
      if (cached == null) {
        cached = String.join("", tokens(n));
        TEXTS.set(n, cached);
      }
      return cached;
    }
    return String.join("", tokens(n));
  }

  /**
   * Cuts {@code s} into {@code min(maxPieces, length)} nearly equal pieces; structured output (JSON,
   * tool arguments) is streamed this way so the chunk count still follows the token setting.
   */
  static List<String> split(String s, int maxPieces) {
    int count = Math.min(maxPieces, s.length());
    List<String> out = new ArrayList<>(Math.max(count, 0));
    if (count <= 0) {
      return out;
    }
    int start = 0;
    for (int i = 1; i <= count; i++) {
      int end = (int) ((long) s.length() * i / count);
      // Never separate a surrogate pair: each piece must be valid text on its own.
      if (end < s.length() && end > start && Character.isHighSurrogate(s.charAt(end - 1))) {
        end++;
      }
      if (end > start) {
        out.add(s.substring(start, end));
        start = end;
      }
    }
    return out;
  }

  /** Roughly four characters per token, as OpenAI's own rule of thumb; at least one. */
  static int estimateTokens(long chars) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, chars / 4));
  }

  /** The pieces that make up the first {@code length} characters of their concatenation. */
  static List<String> cutAt(List<String> pieces, int length) {
    List<String> out = new ArrayList<>();
    int used = 0;
    for (String piece : pieces) {
      if (used >= length) {
        break;
      }
      String kept = piece.substring(0, Math.min(piece.length(), length - used));
      out.add(kept);
      used += kept.length();
    }
    return out;
  }
}
