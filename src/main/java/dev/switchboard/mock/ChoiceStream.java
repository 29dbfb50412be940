package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;

/**
 * Skeleton of an OpenAI stream with {@code n} choices: every choice walks the same phases (phase
 * after phase, choices interleaved as the real API does), then an optional usage chunk with empty
 * {@code choices}, then {@code data: [DONE]}.
 *
 * <p>Single-use and confined to the event loop of its request. Chunks are rendered lazily, one per
 * {@link #next()}, so a client that goes away stops the work.
 */
abstract class ChoiceStream implements Reply.ChunkSource {

  private final int choices;
  private final int phasesPerChoice;
  private final boolean includeUsage;
  private int step;

  ChoiceStream(int choices, int phasesPerChoice, boolean includeUsage) {
    this.choices = choices;
    this.phasesPerChoice = phasesPerChoice;
    this.includeUsage = includeUsage;
  }

  @Override
  public final Buffer next() {
    int s = step++;
    int choiceSteps = choices * phasesPerChoice;
    if (s < choiceSteps) {
      return choiceChunk(s / choices, s % choices);
    }
    s -= choiceSteps;
    if (includeUsage) {
      if (s == 0) {
        return usageChunk();
      }
      s--;
    }
    return s == 0 ? MockJson.sseDone() : null;
  }

  /** The SSE event for {@code phase} (0-based) of choice {@code index}. */
  abstract Buffer choiceChunk(int phase, int index);

  /** The final usage event ({@code "choices":[]}), sent only when usage was asked for. */
  abstract Buffer usageChunk();
}
