package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.AttributeKey;

/**
 * The Anthropic request a {@code /v1/messages} client sent, kept on the exchange so that an
 * Anthropic deployment receives it as it came — only the model replaced by the deployment's —
 * instead of a round trip through the canonical OpenAI form, which cannot carry
 * {@code cache_control}, exact thinking budgets, {@code metadata} and the like. When a stage
 * rewrote the canonical request (a transformation or guardrail policy), its version wins and the
 * adapter translates as usual: the canonical body's deep hash, taken when the request was
 * translated, tells whether it changed.
 *
 * <p>Immutable once built; the original body is never modified (the adapter sends a copy).
 */
public final class AnthropicPassThrough {
  /** Where the {@code /v1/messages} handler leaves the original request. */
  public static final AttributeKey<AnthropicPassThrough> KEY =
      AttributeKey.named("anthropic.original-request");

  private final ObjectNode original;
  private final int canonicalHash;

  /** {@code canonical} is the translation the pipeline will run on, as first produced. */
  public AnthropicPassThrough(ObjectNode original, ObjectNode canonical) {
    this.original = original;
    this.canonicalHash = canonical.hashCode();
  }

  /**
   * The body to send to {@code model}, or null when the canonical request was changed since and
   * must be translated instead.
   */
  ObjectNode body(ObjectNode canonicalNow, String model) {
    if (canonicalNow.hashCode() != canonicalHash) {
      return null;
    }
    ObjectNode out = original.deepCopy();
    out.put("model", model);
    return out;
  }
}
