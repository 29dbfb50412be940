package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guardrail answered by an HTTP service: the texts are POSTed as
 * {@code {"guardrail", "direction", "model", "messages": [{"role", "content"}]}} and the service
 * answers {@code {"allow": bool, "reason": "...", "redacted": ["...", ...]}} ({@code redacted}
 * optional, one text per message). A late, failed or malformed answer counts as allowed when the
 * rule is {@code fail_open}, as a refusal when it is {@code fail_closed}.
 *
 * <p>Immutable; shared by every event loop. Calls complete on the caller's event loop and never
 * block it.
 */
final class ExternalGuardrail {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalGuardrail.class);
  private static final int MAX_REASON_CHARS = 200;

  private final GuardrailsSpec.Rule rule;
  private final GuardrailsSpec.External settings;
  private final HttpClient client;
  private final GuardrailMetrics metrics;

  ExternalGuardrail(GuardrailsSpec.Rule rule, HttpClient client, GuardrailMetrics metrics) {
    this.rule = rule;
    this.settings = (GuardrailsSpec.External) rule.settings();
    this.client = client;
    this.metrics = metrics;
  }

  GuardrailsSpec.Rule rule() {
    return rule;
  }

  /**
   * The service's verdict on {@code texts}; null when it allows them unchanged. Never fails: an
   * unreachable service becomes a refusal or a pass, as the rule's {@code on_error} says.
   */
  Future<Verdict> check(List<String> texts, List<String> roles, String direction, String model) {
    long timeoutMs = settings.timeout().toMillis();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(settings.url()).setIdleTimeout(timeoutMs).setConnectTimeout(timeoutMs)
        .putHeader("content-type", "application/json");
    settings.headers().forEach(options::putHeader);
    Buffer payload = payload(texts, roles, direction, model);
    return client.request(options)
        .compose(req -> req.send(payload))
        .compose(resp -> resp.body().map(body -> verdict(resp.statusCode(), body, texts.size())))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(this::onError);
  }

  private Buffer payload(List<String> texts, List<String> roles, String direction, String model) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("guardrail", rule.name());
    body.put("direction", direction);
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (int i = 0; i < texts.size(); i++) {
      messages.addObject().put("role", roles.get(i)).put("content", texts.get(i));
    }
    return Buffer.buffer(body.toString());
  }

  private Verdict verdict(int status, Buffer body, int count) {
    if (status < 200 || status > 299) {
      throw new IllegalStateException("answered HTTP " + status);
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(body.getBytes());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("answered something that is not JSON");
    }
    JsonNode allow = answer.path("allow");
    if (!allow.isBoolean()) {
      throw new IllegalStateException("answered without a boolean 'allow'");
    }
    if (!allow.booleanValue()) {
      String reason = answer.path("reason").asText("");
      return Verdict.of(rule, rule.action(), "the guardrail service refused it"
          + (reason.isBlank() ? "" : ": " + truncate(reason)));
    }
    JsonNode redacted = answer.path("redacted");
    if (redacted.isArray()) {
      if (redacted.size() != count) {
        throw new IllegalStateException("answered " + redacted.size() + " redacted texts for "
            + count + " messages");
      }
      List<String> texts = new ArrayList<>(count);
      redacted.forEach(t -> texts.add(t.asText()));
      return new Verdict(rule, "redact", "redacted by the guardrail service", null, texts, false);
    }
    return null;
  }

  private Verdict onError(Throwable t) {
    String why = t instanceof TimeoutException || t.getMessage() == null
        || t.getMessage().contains("timeout") || t.getMessage().contains("Timeout")
        ? "did not answer within " + settings.timeout().toMillis() + " ms" : t.getMessage();
    LOG.warn("guardrail '{}': the service at {} {}; {}", rule.name(), settings.url(), why,
        settings.failOpen() ? "letting the request pass (fail_open)" : "refusing (fail_closed)");
    metrics.serviceError(rule.name(), settings.failOpen());
    if (settings.failOpen()) {
      return null;
    }
    return new Verdict(rule, "block", "the guardrail service " + why + " and the rule is"
        + " fail_closed; try again later or ask the gateway operator", null, null, true);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_REASON_CHARS ? s : s.substring(0, MAX_REASON_CHARS) + "…";
  }
}
