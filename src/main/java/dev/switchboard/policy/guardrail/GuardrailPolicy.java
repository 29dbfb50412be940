package dev.switchboard.policy.guardrail;

import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;
import dev.switchboard.policy.SectionEndpoint;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds guardrails from the {@code guardrails:} section: one {@link GuardrailStage} over an
 * atomically swappable {@link RuleBook}, the admin endpoints that swap it, and the HTTP client
 * external guardrails share. Without rules it adds nothing, so an unconfigured gateway pays
 * nothing. Stateless.
 */
public final class GuardrailPolicy {
  private GuardrailPolicy() {}

  /** The stages and admin endpoints of guardrails. */
  public static PolicyParts build(PolicyContext ctx) {
    GuardrailsSpec spec = ctx.config().policies().guardrails();
    if (!spec.enabled()) {
      return PolicyParts.NONE;
    }
    // No connection is opened until an external rule asks; one client serves every rule.
    HttpClient client = ctx.vertx().createHttpClient(new HttpClientOptions()
        .setKeepAlive(true).setTcpNoDelay(true));
    GuardrailMetrics metrics = new GuardrailMetrics(ctx.registry());
    AtomicReference<RuleBook> book = new AtomicReference<>(new RuleBook(spec, client, metrics));
    GuardrailStage stage = new GuardrailStage(book, metrics);
    GuardrailAdmin admin = new GuardrailAdmin(book, client, metrics, System.getenv());
    return new PolicyParts(List.of(stage), new SectionEndpoint("guardrails", admin), () -> {
      try {
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // shutting down anyway; the connections die with the process
      }
    });
  }
}
