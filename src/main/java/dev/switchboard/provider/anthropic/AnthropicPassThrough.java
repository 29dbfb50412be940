package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Exchange;

/**
 * The Anthropic request a {@code /v1/messages} client sent, kept on the exchange so that an
 * Anthropic deployment receives it as it came — only the model replaced by the deployment's —
 * instead of a round trip through the canonical OpenAI form, which cannot carry
 * {@code cache_control}, exact thinking budgets, {@code metadata} and the like. When a stage
 * rewrote the canonical request (a transformation or guardrail policy), its version wins and the
 * adapter translates as usual: the exchange's body version, noted when the request was
 * translated, tells whether it changed.
 *
 * <p>Confined to the exchange's event loop, like the exchange.
 */
public final class AnthropicPassThrough {
  /** Where the {@code /v1/messages} handler leaves the original request. */
  public static final AttributeKey<AnthropicPassThrough> KEY =
      AttributeKey.named("anthropic.original-request");

  private final ObjectNode original;
  private final int bodyVersion;

  /** {@code bodyVersion} is the exchange's {@link Exchange#bodyVersion()} once translated. */
  public AnthropicPassThrough(ObjectNode original, int bodyVersion) {
    this.original = original;
    this.bodyVersion = bodyVersion;
  }

  /**
   * The body to send to {@code model}, or null when a stage changed the canonical request since
   * and it must be translated instead. Nothing else reads the original, so it is sent as it is,
   * with the model of the deployment being tried.
   */
  ObjectNode body(Exchange ex, String model) {
    if (ex.bodyVersion() != bodyVersion) {
      return null;
    }
    return original.put("model", model);
  }
}
