package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.TransformsSpec;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.policy.SectionEndpoint;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The transformations section behind {@code /admin/transformations} ({@link SectionEndpoint}):
 * GET answers the active rules in the YAML section's shape; PUT compiles a new set and swaps it
 * atomically (requests in flight keep the set they started with). A change
 * lives in this gateway instance only: it is not persisted and not shared with other replicas.
 *
 * <p>Threading: called from every event loop; the only state is the {@link AtomicReference}.
 */
final class TransformAdmin implements SectionEndpoint.Section {
  private final AtomicReference<RuleSet> active;
  private final MeterRegistry registry;

  TransformAdmin(AtomicReference<RuleSet> active, MeterRegistry registry) {
    this.active = active;
    this.registry = registry;
  }

  @Override
  public void replace(JsonNode section) {
    active.set(RuleSet.compile(TransformsSpec.fromJson(section), registry));
  }

  @Override
  public Buffer view() {
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(RuleViews.section(active.get().spec())));
    } catch (IOException e) {
      throw GatewayException.wrap(e);
    }
  }
}
