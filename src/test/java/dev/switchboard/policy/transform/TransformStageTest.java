package dev.switchboard.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.TransformsSpec;
import dev.switchboard.governance.KeyAuthStage;
import dev.switchboard.governance.KeyRecord;
import dev.switchboard.pipeline.ChunkStream;
import dev.switchboard.pipeline.HandFedChunkStream;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The stage end to end without a server: request edits, complete answers and streamed chunks. */
class TransformStageTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T23:30:00Z"),
      ZoneOffset.ofHours(5));
  private static final KeyRecord KEY = RuleSetTest.key("k-1", "ci", "team-a", "acme");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Exchange seen;

  private TransformStage stage(String rulesJson) throws Exception {
    RuleSet set = RuleSet.compile(TransformsSpec.fromJson(Json.MAPPER.readTree(
        "{\"rules\":" + rulesJson + "}")), registry);
    return new TransformStage(new AtomicReference<>(set), CLOCK);
  }

  private static Exchange chat(String json, KeyRecord key) throws Exception {
    return exchange(Endpoint.CHAT, json, key);
  }

  private static Exchange exchange(Endpoint e, String json, KeyRecord key) throws Exception {
    Exchange ex = new Exchange("req-7", e, MultiMap.caseInsensitiveMultiMap(),
        (ObjectNode) Json.MAPPER.readTree(json), Buffer.buffer(json), System.nanoTime());
    if (key != null) {
      ex.attribute(KeyAuthStage.KEY, key);
    }
    return ex;
  }

  /** Runs the stage against an upstream answering {@code reply}; returns what the client gets. */
  private Reply run(TransformStage stage, Exchange ex, Reply reply) {
    Future<Reply> out = stage.apply(ex, e -> {
      seen = e;
      return Future.succeededFuture(reply);
    });
    if (out.failed()) {
      throw (RuntimeException) out.cause();
    }
    return out.result();
  }

  private static Reply.Complete answer(String json) {
    return new Reply.Complete(200, Buffer.buffer(json), Usage.UNKNOWN);
  }

  private static JsonNode json(Buffer b) throws Exception {
    return Json.MAPPER.readTree(b.getBytes());
  }

  private double counted(String rule, String direction) {
    var c = registry.find("transformations_applied").tag("rule", rule)
        .tag("direction", direction).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void systemPromptsGoWhereTheirPositionSaysWithTemplatesExpanded() throws Exception {
    String msgs = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"client\"},"
        + "{\"role\":\"user\",\"content\":\"hi\"}]}";
    String rule = "[{\"name\":\"s\",\"request\":{\"system_prompt\":{\"text\":\"%s\","
        + "\"position\":\"%s\"}}}]";
    Exchange ex = chat(msgs, KEY);
    run(stage(rule.formatted("For {tenant_id}/{team_id}/{user_id}/{key_name} on {model}, {date},"
        + " {request_id}", "prepend")), ex, answer("{}"));
    assertThat(ex.body().at("/messages/0/content").asText())
        .isEqualTo("For acme/team-a/user-k-1/ci on m, 2026-11-22, req-7");
    assertThat(ex.body().at("/messages/1/content").asText()).isEqualTo("client");
    assertThat(ex.bodyChanged()).isTrue();

    ex = chat(msgs, null);
    run(stage(rule.formatted("After {key_name}.", "append")), ex, answer("{}"));
    assertThat(ex.body().get("messages")).extracting(m -> m.get("content").asText())
        .containsExactly("client", "After .", "hi");

    ex = chat(msgs, null);
    run(stage(rule.formatted("Only me", "replace")), ex, answer("{}"));
    assertThat(ex.body().get("messages")).extracting(m -> m.get("content").asText())
        .containsExactly("Only me", "hi");
    assertThat(counted("s", "request")).isEqualTo(3);
  }

  @Test
  void defaultsFillGapsCapsLowerAndRemovedFieldsGo() throws Exception {
    TransformStage stage = stage("""
        [{"name": "p", "request": {
          "remove": ["user", "logit_bias"],
          "defaults": {"temperature": 0.3, "top_p": 0.9, "metadata": {"who": "{key_name}"}},
          "caps": {"temperature": 0.8, "max_tokens": 256, "max_completion_tokens": 100}}}]""");
    Exchange ex = chat("{\"model\":\"m\",\"messages\":[],\"temperature\":1.5,\"max_tokens\":4000,"
        + "\"max_completion_tokens\":50,\"user\":\"u\",\"logit_bias\":{\"1\":2}}", KEY);
    run(stage, ex, answer("{}"));
    assertThat(seen.body().get("temperature").doubleValue()).isEqualTo(0.8);
    assertThat(seen.body().get("max_tokens").isIntegralNumber()).isTrue();
    assertThat(seen.body().get("max_tokens").intValue()).isEqualTo(256);
    assertThat(seen.body().get("max_completion_tokens").intValue()).isEqualTo(50);
    assertThat(seen.body().get("top_p").doubleValue()).isEqualTo(0.9);
    assertThat(seen.body().at("/metadata/who").asText()).isEqualTo("ci");
    assertThat(seen.body().has("user")).isFalse();
    assertThat(seen.body().has("logit_bias")).isFalse();

    Exchange low = chat("{\"model\":\"m\",\"messages\":[],\"temperature\":0.1}", null);
    run(stage, low, answer("{}"));
    assertThat(low.body().get("temperature").doubleValue()).isEqualTo(0.1);
    assertThat(low.body().has("max_tokens")).isFalse();
  }

  @Test
  void aCappedParameterThatIsNotANumberIsTheCallersMistake() throws Exception {
    TransformStage stage = stage("[{\"name\":\"p\",\"request\":{\"caps\":{\"max_tokens\":10}}}]");
    Future<Reply> out = stage.apply(chat("{\"model\":\"m\",\"messages\":[],"
        + "\"max_tokens\":\"many\"}", null), e -> Future.succeededFuture(answer("{}")));
    assertThat(out.cause()).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.param()).isEqualTo("max_tokens");
    });
  }

  @Test
  void injectedTextJoinsTheLastUserMessageOrBecomesASystemMessage() throws Exception {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"one\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"two\"}]}]}";
    Exchange ex = chat(body, null);
    run(stage("[{\"name\":\"i\",\"request\":{\"inject\":{\"text\":\"Disclaimer\"}}}]"), ex,
        answer("{}"));
    assertThat(ex.body().at("/messages/2/content/1/text").asText()).isEqualTo("Disclaimer");
    assertThat(ex.body().at("/messages/0/content").asText()).isEqualTo("one");

    ex = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}", null);
    run(stage("[{\"name\":\"i\",\"request\":{\"inject\":{\"text\":\"D\",\"separator\":\" | \"}}}]"),
        ex, answer("{}"));
    assertThat(ex.body().at("/messages/0/content").asText()).isEqualTo("q | D");

    ex = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}", null);
    run(stage("[{\"name\":\"i\",\"request\":{\"inject\":{\"text\":\"D\","
        + "\"position\":\"system\"}}}]"), ex, answer("{}"));
    assertThat(ex.body().at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(ex.body().at("/messages/1/content").asText()).isEqualTo("q");
  }

  private static final String BRANDING = """
      [{"name": "brand", "response": {"model": "Company AI", "remove": ["system_fingerprint"],
        "hide_provider": true,
        "metadata": {"request_id": "{request_id}", "tenant": "{tenant_id}"}}},
       {"name": "later", "response": {"metadata": {"day": "{date}"}}}]""";

  @Test
  void aCompleteAnswerIsRenamedStrippedAndLabelled() throws Exception {
    Exchange ex = chat("{\"model\":\"m\",\"messages\":[]}", KEY);
    Reply out = run(stage(BRANDING), ex, answer("{\"id\":\"x\",\"model\":\"gpt-4o-2024\","
        + "\"system_fingerprint\":\"fp\",\"choices\":[{\"message\":{\"content\":\"🙂\"}}]}"));
    JsonNode body = json(((Reply.Complete) out).body());
    assertThat(body.get("model").asText()).isEqualTo("Company AI");
    assertThat(body.has("system_fingerprint")).isFalse();
    assertThat(body.get("switchboard").toString())
        .isEqualTo("{\"request_id\":\"req-7\",\"tenant\":\"acme\",\"day\":\"2026-11-22\"}");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("🙂");
    assertThat(ex.servedByHidden()).isTrue();
    assertThat(body.has("id")).isTrue();
    assertThat(counted("brand", "response")).isEqualTo(1);
    assertThat(counted("brand", "request")).isZero();

    Reply.Complete error = new Reply.Complete(429, Buffer.buffer("{\"model\":\"x\"}"),
        Usage.UNKNOWN);
    assertThat(run(stage(BRANDING), chat("{\"model\":\"m\"}", null), error)).isSameAs(error);
  }

  @Test
  void everyStreamedChunkIsRewrittenAndOnlyTheFirstCarriesMetadata() throws Exception {
    String chunk = "{\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-2024\","
        + "\"system_fingerprint\":\"f\"}";
    ListStream source = new ListStream(List.of(chunk, chunk, "not json"));
    Reply out = run(stage(BRANDING), chat("{\"model\":\"m\",\"stream\":true}", KEY),
        new Reply.Streaming(source, Future.succeededFuture(Usage.UNKNOWN)));
    List<String> got = new ArrayList<>();
    boolean[] ended = {false};
    ChunkStream chunks = ((Reply.Streaming) out).chunks();
    chunks.endHandler(v -> ended[0] = true);
    chunks.handler(b -> got.add(b.toString()));
    assertThat(ended[0]).isTrue();
    assertThat(got).hasSize(3);
    JsonNode first = Json.MAPPER.readTree(got.get(0));
    JsonNode second = Json.MAPPER.readTree(got.get(1));
    assertThat(first.get("model").asText()).isEqualTo("Company AI");
    assertThat(second.get("model").asText()).isEqualTo("Company AI");
    assertThat(first.has("system_fingerprint") || second.has("system_fingerprint")).isFalse();
    assertThat(first.at("/switchboard/tenant").asText()).isEqualTo("acme");
    assertThat(second.has("switchboard")).isFalse();
    assertThat(got.get(2)).isEqualTo("not json");
  }

  @Test
  void requestsNoRuleAppliesToAndEmbeddingsPassUntouched() throws Exception {
    TransformStage stage = stage("[{\"name\":\"x\",\"match\":{\"models\":[\"other\"]},"
        + "\"request\":{\"remove\":[\"user\"]},\"response\":{\"model\":\"X\"}}, {\"name\":\"all\","
        + "\"request\":{\"remove\":[\"user\"]},\"response\":{\"model\":\"X\"}}]");
    Reply.Complete answer = answer("{\"model\":\"up\"}");
    Exchange ex = exchange(Endpoint.EMBEDDINGS, "{\"model\":\"other\",\"user\":\"u\"}", null);
    assertThat(run(stage, ex, answer)).isSameAs(answer);
    assertThat(ex.bodyChanged()).isFalse();
    assertThat(ex.body().has("user")).isTrue();

    TransformStage scoped = stage("[{\"name\":\"x\",\"match\":{\"tenants\":[\"acme\"]},"
        + "\"request\":{\"remove\":[\"user\"]}}]");
    Exchange anon = chat("{\"model\":\"m\",\"user\":\"u\"}", null);
    assertThat(run(scoped, anon, answer)).isSameAs(answer);
    assertThat(anon.bodyChanged()).isFalse();
  }

  /** A source that sends its chunks, then ends, as soon as a handler is set. */
  private static final class ListStream extends HandFedChunkStream {
    private final List<String> chunks;

    ListStream(List<String> chunks) {
      this.chunks = chunks;
    }

    @Override
    public ChunkStream handler(Handler<Buffer> h) {
      super.handler(h);
      chunks.forEach(this::emit);
      finish();
      return this;
    }
  }
}
