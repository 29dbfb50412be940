package dev.switchboard.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.CacheSpec;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ChunkStream;
import dev.switchboard.pipeline.HandFedChunkStream;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.routing.CostRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The cache stage against a scripted rest-of-pipeline and the in-memory store, with a clock the
 * tests move: TTL and max-age, what is (not) stored, stream pass-through and replay. Without a
 * Vert.x context, futures and replayed chunks complete synchronously.
 */
class CacheStageTest {
  static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
      + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
      + "\"assistant\",\"content\":\"Hello there\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final MovableClock clock = new MovableClock();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CacheMetrics metrics = new CacheMetrics(registry, "memory");
  final AtomicInteger upstreamCalls = new AtomicInteger();

  CacheStage stage(long maxBytes) {
    CacheSpec spec = new CacheSpec(true, "memory", Duration.ofMinutes(10), maxBytes,
        Math.min(maxBytes, 1 << 16), List.of("m"), "cache", true);
    return new CacheStage(new AtomicReference<>(CacheRules.compile(spec)),
        new MemoryAnswerStore(maxBytes, clock, metrics), metrics, clock);
  }

  static Exchange exchange(String extraJson, String... headers) {
    try {
      ObjectNode body = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"hi\"}]" + extraJson + "}");
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      for (int i = 0; i < headers.length; i += 2) {
        h.add(headers[i], headers[i + 1]);
      }
      return new Exchange("r", Endpoint.CHAT, h, body, Buffer.buffer(body.toString()),
          System.nanoTime());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Chain answering(int status, String json) {
    return ex -> {
      upstreamCalls.incrementAndGet();
      return Future.succeededFuture(new Reply.Complete(status, Buffer.buffer(json),
          new Usage(3, 2, 0, 0, true)));
    };
  }

  static String header(Exchange ex, String name) {
    List<String> h = ex.responseHeaders();
    for (int i = 0; i < h.size(); i += 2) {
      if (h.get(i).equalsIgnoreCase(name)) {
        return h.get(i + 1);
      }
    }
    return null;
  }

  static Reply run(CacheStage stage, Exchange ex, Chain next) {
    Future<Reply> f = stage.apply(ex, next);
    assertThat(f.succeeded()).as("completes at once without Vert.x").isTrue();
    return f.result();
  }

  /** Collects a stream's chunks, its end and its failure. */
  static final class Drain {
    final List<String> chunks = new ArrayList<>();
    boolean ended;
    Throwable failed;

    Drain(ChunkStream s) {
      s.endHandler(v -> ended = true);
      s.exceptionHandler(t -> failed = t);
      s.handler(b -> chunks.add(b.toString()));
    }
  }

  @Test
  void anAnswerIsServedUntilItsTtlThenFetchedAgain() {
    CacheStage stage = stage(1 << 20);
    Exchange first = exchange("");
    run(stage, first, answering(200, ANSWER));
    assertThat(header(first, "X-Switchboard-Cache")).isEqualTo("miss");

    clock.advance(Duration.ofMinutes(9));
    Exchange second = exchange("");
    Reply hit = run(stage, second, answering(200, ANSWER));
    assertThat(header(second, "X-Switchboard-Cache")).isEqualTo("hit");
    assertThat(header(second, "Age")).isEqualTo("540");
    assertThat(((Reply.Complete) hit).body().toString()).isEqualTo(ANSWER);
    assertThat(second.attribute(CostRecorder.COST_USD)).isEqualTo(0.0);
    assertThat(second.attribute(CacheStage.HIT)).isTrue();
    assertThat(upstreamCalls).hasValue(1);

    clock.advance(Duration.ofMinutes(2));
    Exchange expired = exchange("");
    run(stage, expired, answering(200, ANSWER));
    assertThat(header(expired, "X-Switchboard-Cache")).isEqualTo("miss");
    assertThat(upstreamCalls).hasValue(2);
    assertThat(registry.get("cache_hits").counter().count()).isEqualTo(1);
    assertThat(registry.get("cache_misses").counter().count()).isEqualTo(2);
  }

  @Test
  void maxAgeRefusesOlderAnswers() {
    CacheStage stage = stage(1 << 20);
    run(stage, exchange(""), answering(200, ANSWER));
    clock.advance(Duration.ofSeconds(31));
    Exchange strict = exchange("", "Cache-Control", "max-age=30");
    run(stage, strict, answering(200, ANSWER));
    assertThat(header(strict, "X-Switchboard-Cache")).isEqualTo("miss");
    Exchange lenient = exchange("", "Cache-Control", "max-age=60");
    run(stage, lenient, answering(200, ANSWER));
    assertThat(header(lenient, "X-Switchboard-Cache")).as("the refreshed answer is 0 s old")
        .isEqualTo("hit");
  }

  @Test
  void errorsAndUnfinishedAnswersAreNotStored() {
    CacheStage stage = stage(1 << 20);
    run(stage, exchange(""), answering(400, "{\"error\":{\"message\":\"no\"}}"));
    run(stage, exchange(""), answering(200, ANSWER.replace("\"stop\"", "null")));
    Chain failing = ex -> {
      upstreamCalls.incrementAndGet();
      return Future.failedFuture(GatewayException.of(ErrorKind.UPSTREAM_ERROR, "boom"));
    };
    assertThat(stage.apply(exchange(""), failing).failed()).isTrue();
    Exchange after = exchange("");
    run(stage, after, answering(200, ANSWER));
    assertThat(header(after, "X-Switchboard-Cache")).isEqualTo("miss");
    assertThat(upstreamCalls).hasValue(4);
  }

  @Test
  void aJsonAnswerIsReplayedAsAValidChunkSequenceWithUsageWhenAsked() throws Exception {
    CacheStage stage = stage(1 << 20);
    run(stage, exchange(""), answering(200, ANSWER));
    Exchange streaming = exchange(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    Reply r = run(stage, streaming, answering(200, ANSWER));
    Drain d = new Drain(((Reply.Streaming) r).chunks());
    assertThat(d.ended).isTrue();
    assertThat(d.chunks).hasSize(3);
    JsonNode opening = Json.MAPPER.readTree(d.chunks.get(0));
    assertThat(opening.path("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(opening.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(opening.at("/choices/0/delta/content").asText()).isEqualTo("Hello there");
    assertThat(Json.MAPPER.readTree(d.chunks.get(1)).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
    JsonNode usage = Json.MAPPER.readTree(d.chunks.get(2));
    assertThat(usage.path("choices")).isEmpty();
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(5);

    Exchange noUsage = exchange(",\"stream\":true");
    assertThat(new Drain(((Reply.Streaming) run(stage, noUsage, answering(200, ANSWER)))
        .chunks()).chunks).hasSize(2);
  }

  @Test
  void aStreamPassesThroughUnchangedAndIsStoredOnlyWhenItEnded() throws Exception {
    CacheStage stage = stage(1 << 20);
    List<Buffer> upstream = List.of(
        Buffer.buffer("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":2,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"finish_reason\":null}]}"),
        Buffer.buffer("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":2,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}"),
        Buffer.buffer("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":2,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
            + "\"finish_reason\":\"stop\"}]}"));
    Chain streaming = ex -> {
      upstreamCalls.incrementAndGet();
      return Future.succeededFuture(new Reply.Streaming(new ReplayedChunkStream(upstream),
          Future.succeededFuture(new Usage(4, 2, 0, 0, true))));
    };
    Reply r = run(stage, exchange(",\"stream\":true"), streaming);
    Drain d = new Drain(((Reply.Streaming) r).chunks());
    assertThat(d.chunks).containsExactlyElementsOf(upstream.stream().map(Buffer::toString)
        .toList());
    assertThat(d.ended).isTrue();

    Exchange json = exchange("");
    Reply hit = run(stage, json, answering(200, ANSWER));
    assertThat(header(json, "X-Switchboard-Cache")).isEqualTo("hit");
    JsonNode assembled = Json.MAPPER.readTree(((Reply.Complete) hit).body().getBytes());
    assertThat(assembled.path("object").asText()).isEqualTo("chat.completion");
    assertThat(assembled.at("/choices/0/message/content").asText()).isEqualTo("Hello");
    assertThat(assembled.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(assembled.at("/usage/total_tokens").asInt()).as("from the usage future")
        .isEqualTo(6);
    assertThat(upstreamCalls).hasValue(1);
  }

  @Test
  void aStreamThatFailsIsNotStored() {
    CacheStage stage = stage(1 << 20);
    Chain failing = ex -> {
      upstreamCalls.incrementAndGet();
      return Future.succeededFuture(new Reply.Streaming(new FailingStream(),
          Future.succeededFuture(Usage.UNKNOWN)));
    };
    Drain d = new Drain(((Reply.Streaming) run(stage, exchange(",\"stream\":true"), failing))
        .chunks());
    assertThat(d.failed).isNotNull();
    Exchange again = exchange("");
    run(stage, again, answering(200, ANSWER));
    assertThat(header(again, "X-Switchboard-Cache")).isEqualTo("miss");
  }

  @Test
  void theMemoryStoreStaysUnderMaxBytesAndCountsEvictions() {
    CacheStage stage = stage(2_000);
    for (int i = 0; i < 10; i++) {
      run(stage, exchange(",\"seed\":" + i), answering(200, ANSWER));
    }
    double size = registry.get("cache_size_bytes").gauge().value();
    assertThat(size).isPositive().isLessThanOrEqualTo(2_000);
    assertThat(registry.get("cache_evictions").tag("cause", "size").counter().count())
        .isPositive();
  }

  @Test
  void noStoreBypassesAndOtherEndpointsAreUntouched() {
    CacheStage stage = stage(1 << 20);
    Exchange noStore = exchange("", "Cache-Control", "no-store");
    run(stage, noStore, answering(200, ANSWER));
    assertThat(header(noStore, "X-Switchboard-Cache")).isEqualTo("bypass");
    Exchange after = exchange("");
    run(stage, after, answering(200, ANSWER));
    assertThat(header(after, "X-Switchboard-Cache")).isEqualTo("miss");
  }

  /** A stream that fails at once. */
  static final class FailingStream extends HandFedChunkStream {
    @Override
    public ChunkStream handler(Handler<Buffer> h) {
      super.handler(h);
      fail(GatewayException.of(ErrorKind.UPSTREAM_ERROR, "cut"));
      return this;
    }
  }
}
