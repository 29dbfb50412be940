package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.policy.SectionEndpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The guardrails section behind {@code /admin/guardrails} ({@link SectionEndpoint}): GET answers
 * the active rules in the shape of the {@code guardrails:} section; PUT compiles a new rule book
 * and swaps it atomically (requests already under way finish with the rules they started with).
 * The change holds for this gateway instance until it restarts; it is not written anywhere.
 *
 * <p>Threading: called from every event loop; the only state is the atomic reference.
 */
final class GuardrailAdmin implements SectionEndpoint.Section {
  private final AtomicReference<RuleBook> book;
  private final HttpClient client;
  private final GuardrailMetrics metrics;
  private final Map<String, String> env;

  GuardrailAdmin(AtomicReference<RuleBook> book, HttpClient client, GuardrailMetrics metrics,
      Map<String, String> env) {
    this.book = book;
    this.client = client;
    this.metrics = metrics;
    this.env = env;
  }

  @Override
  public Buffer view() {
    return Buffer.buffer(book.get().spec().source().toString());
  }

  @Override
  public void replace(JsonNode section) {
    book.set(new RuleBook(GuardrailsSpec.parse(section, env), client, metrics));
  }
}
