package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The guardrails admin API, {@code /admin/guardrails}: GET answers the active rules in the shape
 * of the {@code guardrails:} section; PUT replaces them with a body of that shape, validated
 * exactly as the configuration file is, and swaps the compiled rules atomically (requests already
 * under way finish with the rules they started with). The change holds for this gateway instance
 * until it restarts; it is not written anywhere.
 *
 * <p>Threading: called from every event loop; the only state is the atomic reference.
 */
final class GuardrailAdmin implements OpsEndpoints {
  static final String PATH = "/admin/guardrails";

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
  public boolean owns(String path) {
    return path.equals(PATH) || path.equals(PATH + "/");
  }

  @Override
  public Future<Buffer> answer(HttpServerRequest req) {
    if (req.method() == HttpMethod.GET) {
      return Future.succeededFuture(Buffer.buffer(book.get().spec().source().toString()));
    }
    if (req.method() == HttpMethod.PUT) {
      return req.body().map(this::replace);
    }
    return Future.failedFuture(GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED,
        PATH + " answers GET (the active rules) and PUT (replace them)."));
  }

  private Buffer replace(Buffer body) {
    JsonNode section;
    try {
      section = Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw GatewayException.invalid(null, "The body is not JSON; send the guardrails section"
          + " as JSON, e.g. {\"rules\": [{\"name\": \"pii\", \"type\": \"pii\", \"action\":"
          + " \"redact\"}]}.");
    }
    GuardrailsSpec spec;
    try {
      spec = GuardrailsSpec.parse(section, env);
    } catch (ConfigException e) {
      throw GatewayException.invalid(null, "The guardrail rules have errors; nothing was"
          + " changed: " + String.join("; ", e.errors()));
    }
    book.set(new RuleBook(spec, client, metrics));
    return Buffer.buffer(spec.source().toString());
  }
}
