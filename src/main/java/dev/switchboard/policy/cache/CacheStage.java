package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.KeyAuthStage;
import dev.switchboard.governance.KeyRecord;
import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ChunkTransformer;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.TransformedChunkStream;
import dev.switchboard.provider.Json;
import dev.switchboard.routing.CostRecorder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact-match response cache in the pipeline. For a chat request the rules opt in, it looks
 * the request's fingerprint up in the caller's tenant partition: a fresh answer is replayed (as
 * JSON or as a stream, whichever the client asked for) without dispatching, priced at zero; on a
 * miss the request goes on and a successful answer is stored — a streamed one assembled from its
 * chunks as they pass to the client, and stored only once the stream ended normally. Answers carry
 * {@code X-Switchboard-Cache: hit|miss} (and {@code Age} on hits; {@code bypass} for
 * {@code Cache-Control: no-store}).
 *
 * <p>Threading: runs on event loops and never blocks; the rules are swapped atomically by the
 * admin API, and each request uses the rules it started with.
 */
public final class CacheStage implements Stage {
  /** Set to true on exchanges answered from the cache (the ledger records it). */
  public static final AttributeKey<Boolean> HIT = AttributeKey.named("cache_hit");
  /** The partition of requests without a tenant (open data plane, or a key outside tenants). */
  static final String NO_TENANT = "_";
  private static final Logger LOG = LoggerFactory.getLogger(CacheStage.class);

  private final AtomicReference<CacheRules> rules;
  private final AnswerStore store;
  private final CacheMetrics metrics;
  private final Clock clock;

  CacheStage(AtomicReference<CacheRules> rules, AnswerStore store, CacheMetrics metrics,
      Clock clock) {
    this.rules = rules;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    CacheRules r = rules.get();
    if (ex.endpoint() != Endpoint.CHAT || !r.spec().enabled()) {
      return next.proceed(ex);
    }
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    RequestDirectives d = RequestDirectives.of(ex.headers());
    if (!r.applies(ex.model(), key, d)) {
      return next.proceed(ex);
    }
    if (!d.read() && !d.write()) {
      ex.responseHeader(RequestDirectives.HEADER, "bypass");
      return next.proceed(ex);
    }
    String tenant = key == null || key.tenantId() == null ? NO_TENANT : key.tenantId();
    String hash = RequestFingerprint.of(tenant, ex.body());
    Future<CachedAnswer> found = d.read() ? store.get(tenant, hash) : Future.succeededFuture();
    return found.compose(answer -> {
      long now = clock.millis();
      if (answer != null && fresh(answer, now, r, d)) {
        Reply hit = replay(ex, answer, now);
        if (hit != null) {
          return Future.succeededFuture(hit);
        }
      }
      metrics.misses.increment();
      ex.responseHeader(RequestDirectives.HEADER, "miss");
      Future<Reply> answered = next.proceed(ex);
      return d.write() ? answered.map(reply -> keep(reply, tenant, hash, r)) : answered;
    });
  }

  /** Within the TTL in force now (it may have been shortened) and the client's max-age. */
  private static boolean fresh(CachedAnswer a, long now, CacheRules r, RequestDirectives d) {
    long age = a.ageMillis(now);
    return age < r.ttl().toMillis() && (d.maxAgeMillis() < 0 || age < d.maxAgeMillis());
  }

  private Reply replay(Exchange ex, CachedAnswer answer, long now) {
    Reply reply;
    try {
      reply = ex.stream() ? AnswerReplay.streaming(answer, ex.clientWantsStreamUsage())
          : AnswerReplay.complete(answer);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache: a stored answer could not be replayed; asking upstream", e);
      return null;
    }
    metrics.hits.increment();
    ex.attribute(HIT, Boolean.TRUE);
    // no upstream was paid for: the ledger and the budgets see a known zero, not an unknown cost
    ex.attribute(CostRecorder.COST_USD, 0.0);
    ex.responseHeader(RequestDirectives.HEADER, "hit");
    ex.responseHeader("Age", Long.toString(answer.ageMillis(now) / 1000));
    return reply;
  }

  private Reply keep(Reply reply, String tenant, String hash, CacheRules r) {
    if (reply instanceof Reply.Complete c) {
      if (c.status() == 200 && c.body().length() <= r.maxEntryBytes() && finished(c.body())) {
        save(tenant, hash, c.body().getBytes(), r);
      }
      return reply;
    }
    Reply.Streaming s = (Reply.Streaming) reply;
    AnswerAssembler assembler = new AnswerAssembler(r.maxEntryBytes());
    ChunkTransformer copy = new ChunkTransformer() {
      @Override
      public void chunk(Buffer chunk, Consumer<Buffer> out) {
        assembler.add(chunk);
        out.accept(chunk);
      }

      @Override
      public void end(Consumer<Buffer> out) {
        s.usage().onSuccess(u -> {
          byte[] json = assembler.result(u);
          if (json != null) {
            save(tenant, hash, json, r);
          }
        });
      }
    };
    return new Reply.Streaming(new TransformedChunkStream(s.chunks(), copy), s.usage());
  }

  private void save(String tenant, String hash, byte[] json, CacheRules r) {
    store.put(tenant, hash, new CachedAnswer(json, clock.millis()), r.ttl());
    metrics.stores.increment();
  }

  /** A chat completion whose every choice finished: an answer, not an error or a fragment. */
  private static boolean finished(Buffer body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body.getBytes());
      JsonNode choices = n.path("choices");
      if (!choices.isArray() || choices.isEmpty() || n.has("error")) {
        return false;
      }
      for (JsonNode c : choices) {
        if (!c.hasNonNull("finish_reason")) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
