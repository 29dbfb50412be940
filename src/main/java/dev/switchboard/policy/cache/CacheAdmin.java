package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.CacheSpec;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.policy.SectionEndpoint;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /admin/cache}: GET shows the settings in force and the figures; PUT replaces the settings
 * (a {@code cache:} section as JSON, checked exactly like the file) for this replica until it
 * restarts — nothing is persisted; DELETE removes every answer, or one tenant's with
 * {@code ?tenant_id=}. The backend and {@code max_bytes} size the store and change only on a
 * restart.
 *
 * <p>Threading: thread-safe; the rules are swapped atomically.
 */
final class CacheAdmin implements SectionEndpoint.Section {

  private final AtomicReference<CacheRules> rules;
  private final AnswerStore store;
  private final CacheMetrics metrics;
  private final String redisUrl;

  CacheAdmin(AtomicReference<CacheRules> rules, AnswerStore store, CacheMetrics metrics,
      String redisUrl) {
    this.rules = rules;
    this.store = store;
    this.metrics = metrics;
    this.redisUrl = redisUrl;
  }

  /** The endpoint: GET and PUT through this section, DELETE flushes. */
  SectionEndpoint endpoint() {
    return new SectionEndpoint("cache", this, this::flush);
  }

  private Future<Buffer> flush(HttpServerRequest req) {
    String tenant = req.getParam("tenant_id");
    return store.flush(tenant == null || tenant.isBlank() ? null : tenant.trim())
        .recover(t -> Future.failedFuture(GatewayException.of(ErrorKind.UPSTREAM_UNAVAILABLE,
            "The cache could not be flushed: " + t.getMessage())))
        .map(n -> {
          ObjectNode out = Json.MAPPER.createObjectNode();
          out.put("removed", n);
          if (tenant != null) {
            out.put("tenant_id", tenant);
          }
          return Json.buffer(out);
        });
  }

  @Override
  public void replace(JsonNode json) {
    CacheSpec fresh = CacheSpec.fromJson(json, redisUrl);
    CacheSpec current = rules.get().spec();
    if (!fresh.backend().equals(current.backend()) || fresh.maxBytes() != current.maxBytes()) {
      throw GatewayException.invalid(null, "backend and max_bytes take effect only on a restart;"
          + " nothing was changed. Send the running values (backend " + current.backend()
          + ", max_bytes " + current.maxBytes() + ") to change the other settings.");
    }
    rules.set(CacheRules.compile(fresh));
  }

  @Override
  public Buffer view() {
    return Json.buffer(settingsAndStats());
  }

  private ObjectNode settingsAndStats() {
    CacheSpec s = rules.get().spec();
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode settings = out.putObject("settings");
    settings.put("enabled", s.enabled());
    settings.put("backend", s.backend());
    long ttlMs = s.ttl().toMillis();
    settings.put("ttl", ttlMs % 1000 == 0 ? ttlMs / 1000 + "s" : ttlMs + "ms");
    settings.put("max_bytes", s.maxBytes());
    settings.put("max_entry_bytes", s.maxEntryBytes());
    s.models().forEach(settings.putArray("models")::add);
    settings.put("key_metadata", s.keyMetadata());
    settings.put("request_opt_in", s.requestOptIn());
    out.put("persisted", false);
    ObjectNode stats = out.putObject("stats");
    stats.put("hits", (long) metrics.hits.count());
    stats.put("misses", (long) metrics.misses.count());
    stats.put("stores", (long) metrics.stores.count());
    store.describe(stats);
    return out;
  }

}
