package dev.switchboard.policy.transform;

import dev.switchboard.governance.KeyAuthStage;
import dev.switchboard.governance.KeyRecord;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies the transformation rules to chat and completion requests: resolves once which rules
 * apply (model and caller), edits the request body in declared order, and on the way back edits
 * the answer, complete or streamed chunk by chunk. A request no rule applies to passes with one
 * index look-up and no allocation. Embeddings and images pass untouched.
 *
 * <p>Threading: runs on the exchange's event loop and never blocks; the rule set is read once per
 * request from an {@link AtomicReference} the admin API swaps.
 */
final class TransformStage implements Stage {
  private final AtomicReference<RuleSet> active;
  private final Clock clock;

  TransformStage(AtomicReference<RuleSet> active, Clock clock) {
    this.active = active;
    this.clock = clock;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    if (ex.endpoint() != Endpoint.CHAT && ex.endpoint() != Endpoint.COMPLETIONS) {
      return next.proceed(ex);
    }
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    List<CompiledRule> rules = active.get().applicable(ex.model(), key);
    if (rules.isEmpty()) {
      return next.proceed(ex);
    }
    TemplateContext ctx = new TemplateContext(ex, key, clock);
    try {
      editRequest(ex, rules, ctx);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    ResponsePlan plan = ResponsePlan.of(rules, ctx);
    if (plan == null) {
      return next.proceed(ex);
    }
    if (plan.hideProvider()) {
      ex.hideServedBy();
    }
    return next.proceed(ex).map(plan::apply);
  }

  private static void editRequest(Exchange ex, List<CompiledRule> rules, TemplateContext ctx) {
    boolean changed = false;
    for (CompiledRule rule : rules) {
      if (rule.request() != null) {
        rule.request().apply(ex.body(), ctx);
        changed = true;
      }
    }
    if (changed) {
      ex.markBodyChanged();
      for (CompiledRule rule : rules) {
        if (rule.request() != null) {
          rule.requestCounter().increment();
        }
      }
    }
  }
}
