package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The streamed text of one choice, checked as it arrives. Text is released only once no match
 * can still grow into it: up to the first position where a detector's match may still be under
 * way (see {@link SpanDetector#openFrom}), at most {@code holdback} chars (the longest match any
 * detector can make) from the end, and never the start of a match that reaches into the held
 * tail. Each match
 * is decided once, when it is released: reported to the {@link Sink} (which may throw to end the
 * stream) and, for redacting rules, replaced in the released text. A few released chars are kept
 * in front as context, so look-behinds ("not preceded by a digit") still see them.
 *
 * <p>Not thread-safe: one instance per choice of one stream, on its event loop.
 */
final class HeldText {
  /** Enough context for every look-behind the detectors use. */
  private static final int CONTEXT = 8;

  /** Told about every match when it is decided; a block rule's sink throws. */
  interface Sink {
    void decided(BuiltInGuardrail guardrail, Finding finding);
  }

  private record Match(BuiltInGuardrail guardrail, Finding finding) {}

  private final List<BuiltInGuardrail> guardrails;
  private final int holdback;
  private final Sink sink;
  private final StringBuilder buffer = new StringBuilder();
  /** How many chars at the front of {@link #buffer} were released already (context only). */
  private int context;

  HeldText(List<BuiltInGuardrail> guardrails, int holdback, Sink sink) {
    this.guardrails = guardrails;
    this.holdback = holdback;
    this.sink = sink;
  }

  /** Whether text is held back. */
  boolean holding() {
    return buffer.length() > context;
  }

  /**
   * Adds {@code more} and returns what may be released now, with redactions applied.
   *
   * @param last whether the choice is finished: everything is released
   */
  String push(String more, boolean last) {
    buffer.append(more);
    int safe = last ? buffer.length() : releasable();
    List<Match> matches = scan();
    safe = retreatBeforeOpenMatches(matches, safe, last ? Integer.MAX_VALUE : buffer.length());
    List<Finding> redactions = new ArrayList<>(0);
    for (Match m : matches) {
      if (m.finding().end() <= safe) {
        sink.decided(m.guardrail(), m.finding());
        if (m.guardrail().rule().action().equals("redact")) {
          redactions.add(m.finding().shifted(-context));
        }
      }
    }
    String released = Redactor.apply(buffer.subSequence(context, safe), redactions);
    int keepFrom = Math.max(0, safe - CONTEXT);
    buffer.delete(0, keepFrom);
    context = safe - keepFrom;
    return released;
  }

  /**
   * Where held text starts: the first position from which some detector's match may still be
   * under way, but never more than {@code holdback} chars from the end (no match is longer).
   */
  private int releasable() {
    int from = Math.max(context, buffer.length() - holdback);
    int safe = buffer.length();
    for (BuiltInGuardrail g : guardrails) {
      safe = Math.min(safe, g.detector().openFrom(buffer, from));
    }
    return safe;
  }

  /** Matches that start after the context (earlier ones were decided before). */
  private List<Match> scan() {
    List<Match> out = new ArrayList<>(0);
    for (BuiltInGuardrail g : guardrails) {
      for (Finding f : g.detector().find(buffer)) {
        if (f.start() >= context) {
          out.add(new Match(g, f));
        }
      }
    }
    out.sort(Comparator.comparingInt((Match m) -> m.finding().start()));
    return out;
  }

  /**
   * Moves the release point back to the start of any match that crosses it, or that ends where
   * the text ends so far ({@code openEnd}: one more char could extend or undo it), until none
   * does.
   */
  private static int retreatBeforeOpenMatches(List<Match> matches, int safe, int openEnd) {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Match m : matches) {
        Finding f = m.finding();
        if (f.start() < safe && (f.end() > safe || f.end() >= openEnd)) {
          safe = f.start();
          moved = true;
        }
      }
    }
    return safe;
  }
}
