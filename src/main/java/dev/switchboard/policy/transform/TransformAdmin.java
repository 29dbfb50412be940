package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.TransformsSpec;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /admin/transformations}: GET answers the active rules in the YAML section's shape; PUT
 * replaces them with a body of that shape, validated exactly as the configuration file is, and
 * swaps the compiled set atomically (requests in flight keep the set they started with). A change
 * lives in this gateway instance only: it is not persisted and not shared with other replicas.
 *
 * <p>Threading: called from every event loop; the only state is the {@link AtomicReference}.
 */
final class TransformAdmin implements OpsEndpoints {
  static final String PATH = "/admin/transformations";

  private final AtomicReference<RuleSet> active;
  private final MeterRegistry registry;

  TransformAdmin(AtomicReference<RuleSet> active, MeterRegistry registry) {
    this.active = active;
    this.registry = registry;
  }

  @Override
  public boolean owns(String path) {
    return path.equals(PATH) || path.equals(PATH + "/");
  }

  @Override
  public Future<Buffer> answer(HttpServerRequest req) {
    if (req.method().equals(HttpMethod.GET)) {
      return Future.succeededFuture(view());
    }
    if (req.method().equals(HttpMethod.PUT)) {
      return req.body().map(this::replace);
    }
    return Future.failedFuture(GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED,
        "Use GET to read the transformation rules or PUT to replace them."));
  }

  private Buffer replace(Buffer body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw GatewayException.invalid(null, "The body is not valid JSON; send {\"rules\": [...]}"
          + " as in the transformations: section of the configuration.");
    }
    if (json == null || !json.isObject()) {
      throw GatewayException.invalid(null, "The body must be a JSON object: {\"rules\": [...]}.");
    }
    TransformsSpec spec;
    try {
      spec = TransformsSpec.fromJson(json);
    } catch (ConfigException e) {
      throw GatewayException.invalid(null, "The rules have errors; nothing was changed: "
          + String.join("; ", e.errors()));
    }
    active.set(RuleSet.compile(spec, registry));
    return view();
  }

  private Buffer view() {
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(RuleViews.section(active.get().spec())));
    } catch (IOException e) {
      throw GatewayException.wrap(e);
    }
  }
}
