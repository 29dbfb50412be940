package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.governance.KeyAuthStage;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.TransformedChunkStream;
import dev.switchboard.provider.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the guardrails that apply to the caller: on the request before it goes on (built-in
 * checks at once, external services concurrently, all combined by {@link Decision}), and on the
 * answer on its way back (a complete answer's content before it is returned; a stream chunk by
 * chunk through {@link StreamGuard}). A refusal is a {@link GatewayException}
 * ({@code content_policy_violation}, or 503 when a fail-closed service is unreachable).
 *
 * <p>Threading: called on the exchange's event loop; never blocks. The active {@link RuleBook}
 * is read once per request from an atomic reference the admin API swaps.
 */
final class GuardrailStage implements Stage {
  static final String HEADER = "X-Switchboard-Guardrail";
  /** Above this much text the built-in checks run on a worker thread, off the event loop. */
  static final int LARGE_TEXT_CHARS = 64 * 1024;

  private final AtomicReference<RuleBook> book;
  private final GuardrailMetrics metrics;

  GuardrailStage(AtomicReference<RuleBook> book, GuardrailMetrics metrics) {
    this.book = book;
    this.metrics = metrics;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    RuleBook rules = book.get();
    RuleBook.Applicable a = rules.forCaller(ex.model(), ex.attribute(KeyAuthStage.KEY));
    if (!a.checksInput()) {
      return proceed(ex, next, a, rules);
    }
    return checkInput(ex, a, rules).compose(v -> proceed(ex, next, a, rules));
  }

  private Future<Reply> proceed(Exchange ex, Chain next, RuleBook.Applicable a, RuleBook rules) {
    if (!a.checksOutput()) {
      return next.proceed(ex);
    }
    return next.proceed(ex).compose(reply -> checkOutput(ex, a, rules, reply));
  }

  private Future<Void> checkInput(Exchange ex, RuleBook.Applicable a, RuleBook rules) {
    Texts texts = Texts.ofRequest(ex.body());
    return evaluate(ex, texts, a.input(), a.inputExternal(), ex.body(), rules, "input")
        .map(changed -> {
          if (changed) {
            ex.markBodyChanged();
          }
          return null;
        });
  }

  /**
   * Runs built-in guardrails at once and services concurrently over {@code texts}, then enforces
   * the combined decision: fails with the refusal, or redacts in place and flags.
   *
   * @return whether a redaction changed the texts
   */
  private Future<Boolean> evaluate(Exchange ex, Texts texts, List<BuiltInGuardrail> builtIns,
      List<ExternalGuardrail> services, ObjectNode body, RuleBook rules, String direction) {
    long start = System.nanoTime();
    try {
      List<Future<Verdict>> asked = ask(services, texts, direction, ex.model());
      Context ctx = Vertx.currentContext();
      Future<List<Verdict>> checked = texts.chars() > LARGE_TEXT_CHARS && ctx != null
          // the event loop waits without touching the exchange, so the worker may read it
          ? ctx.executeBlocking(() -> runBuiltIns(builtIns, texts, body), false)
          : Future.succeededFuture(runBuiltIns(builtIns, texts, body));
      return checked.compose(verdicts -> {
        if (asked.isEmpty() || verdicts.stream().anyMatch(Verdict::blocks)) {
          // a built-in refusal does not wait for the services: it is a refusal either way
          return Future.succeededFuture(enforce(ex, texts, verdicts, rules, direction, start));
        }
        return Future.all(asked).map(all -> {
          for (Future<Verdict> f : asked) {
            if (f.result() != null) {
              verdicts.add(f.result());
            }
          }
          return enforce(ex, texts, verdicts, rules, direction, start);
        });
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static List<Verdict> runBuiltIns(List<BuiltInGuardrail> builtIns, Texts texts,
      ObjectNode body) {
    List<Verdict> verdicts = new ArrayList<>(2);
    for (BuiltInGuardrail g : builtIns) {
      Verdict v = g.check(texts, body);
      if (v != null) {
        verdicts.add(v);
      }
    }
    return verdicts;
  }

  private static List<Future<Verdict>> ask(List<ExternalGuardrail> services, Texts texts,
      String direction, String model) {
    if (services.isEmpty() || texts.isEmpty()) {
      return List.of();
    }
    List<String> values = List.copyOf(texts.values());
    List<String> roles = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      roles.add(texts.role(i));
    }
    List<Future<Verdict>> out = new ArrayList<>(services.size());
    for (ExternalGuardrail g : services) {
      out.add(g.check(values, roles, direction, model));
    }
    return out;
  }

  /** Applies the combined verdicts: throws a refusal, or redacts and flags. */
  private boolean enforce(Exchange ex, Texts texts, List<Verdict> verdicts, RuleBook rules,
      String direction, long start) {
    try {
      if (verdicts.isEmpty()) {
        return false;
      }
      Decision d = Decision.combine(verdicts, rules);
      Verdict block = d.blocking();
      if (block != null) {
        metrics.triggered(block.rule().name(), "block", direction, ex.requestId(), block.reason());
        throw refusal(block, direction);
      }
      StringBuilder header = new StringBuilder();
      for (Verdict v : d.verdicts()) {
        metrics.triggered(v.rule().name(), v.action(), direction, ex.requestId(), v.reason());
        header.append(header.length() == 0 ? "" : ",").append(v.rule().name()).append('=')
            .append(v.action());
      }
      ex.responseHeader(HEADER, header.toString());
      return d.redact(texts);
    } finally {
      long took = System.nanoTime() - start;
      if (direction.equals("input")) {
        metrics.inputTime(took);
      } else {
        metrics.outputTime(took);
      }
    }
  }

  static GatewayException refusal(Verdict v, String direction) {
    String what = direction.equals("input") ? "The request was" : "The answer was";
    if (v.unavailable()) {
      return GatewayException.of(ErrorKind.GUARDRAIL_UNAVAILABLE, what + " not allowed through:"
          + " guardrail '" + v.rule().name() + "': " + v.reason() + ".");
    }
    String todo = direction.equals("input")
        ? " Remove or rephrase the flagged content and send the request again."
        : " Rephrase the request so the answer does not contain such content.";
    return GatewayException.of(ErrorKind.CONTENT_POLICY, what + " blocked by guardrail '"
        + v.rule().name() + "' (" + v.reason() + ")." + todo);
  }

  private Future<Reply> checkOutput(Exchange ex, RuleBook.Applicable a, RuleBook rules,
      Reply reply) {
    if (reply instanceof Reply.Streaming s) {
      if (a.output().isEmpty()) {
        return Future.succeededFuture(reply);
      }
      String id = ex.requestId();
      HeldText.Sink sink = (g, f) -> {
        String reason = "found " + f.label();
        metrics.triggered(g.rule().name(), g.rule().action(), "output", id, reason);
        if (g.rule().action().equals("block")) {
          throw refusal(Verdict.of(g.rule(), "block", reason), "output");
        }
      };
      StreamGuard guard = new StreamGuard(a.output(), a.holdback(), sink, metrics::streamTime);
      return Future.succeededFuture(
          new Reply.Streaming(new TransformedChunkStream(s.chunks(), guard), s.usage()));
    }
    Reply.Complete c = (Reply.Complete) reply;
    if (c.status() != 200) {
      return Future.succeededFuture(reply);
    }
    return checkComplete(ex, a, rules, c);
  }

  private Future<Reply> checkComplete(Exchange ex, RuleBook.Applicable a, RuleBook rules,
      Reply.Complete c) {
    ObjectNode body = parse(c);
    if (body == null) {
      return Future.succeededFuture(c);
    }
    Texts texts = Texts.ofResponse(body);
    return evaluate(ex, texts, a.output(), a.outputExternal(), null, rules, "output")
        .map(changed -> changed
            ? new Reply.Complete(c.status(), Json.buffer(body), c.finalUsage()) : c);
  }

  private static ObjectNode parse(Reply.Complete c) {
    try {
      JsonNode n = Json.MAPPER.readTree(c.body().getBytes());
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }
}
