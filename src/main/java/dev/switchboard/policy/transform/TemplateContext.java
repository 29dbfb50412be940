package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec.Template;
import dev.switchboard.governance.KeyRecord;
import dev.switchboard.pipeline.Exchange;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The values of one request that templates may use ({@code {tenant_id}}, {@code {model}}, …). A
 * value the request does not have (no virtual key when the data plane is open) renders as the empty
 * string. Built only for requests that some rule applies to.
 *
 * <p>Threading: one per request, used on its event loop.
 */
final class TemplateContext {
  private final String requestId;
  private final String model;
  private final KeyRecord key;
  private final Clock clock;
  private String date;

  TemplateContext(Exchange exchange, KeyRecord key, Clock clock) {
    this.requestId = exchange.requestId();
    this.model = exchange.model();
    this.key = key;
    this.clock = clock;
  }

  /** The template with every variable replaced. */
  String render(Template t) {
    if (t.constant()) {
      return t.literals().get(0);
    }
    StringBuilder out = new StringBuilder(t.literals().get(0));
    for (int i = 0; i < t.variables().size(); i++) {
      out.append(value(t.variables().get(i))).append(t.literals().get(i + 1));
    }
    return out.toString();
  }

  private String value(String variable) {
    return switch (variable) {
      case "tenant_id" -> key == null ? "" : orEmpty(key.tenantId());
      case "team_id" -> key == null ? "" : orEmpty(key.teamId());
      case "user_id" -> key == null ? "" : orEmpty(key.userId());
      case "key_name" -> key == null ? "" : orEmpty(key.name());
      case "model" -> orEmpty(model);
      case "request_id" -> requestId;
      case "date" -> date();
      // the loader refuses unknown variables, so this is a programming error
      default -> throw new IllegalStateException("unknown template variable " + variable);
    };
  }

  /** Today in UTC (ISO, 2026-11-22), fixed at first use so one request sees one date. */
  private String date() {
    if (date == null) {
      date = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
    }
    return date;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
