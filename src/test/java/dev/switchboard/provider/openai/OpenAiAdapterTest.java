package dev.switchboard.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiAdapterTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openai");
  private final OpenAiAdapter openai = new OpenAiAdapter(false);
  private final OpenAiAdapter azure = new OpenAiAdapter(true);

  private static Exchange exchange(String json) throws IOException {
    Buffer raw = Buffer.buffer(json);
    ObjectNode body = (ObjectNode) Json.MAPPER.readTree(json);
    return new Exchange("req-1", Endpoint.CHAT, MultiMap.caseInsensitiveMultiMap(), body, raw,
        System.nanoTime());
  }

  private static UpstreamTarget target(String baseUrl, String model) {
    return UpstreamTarget.of("p", "openai", baseUrl, "sk-test", "2024-10-21",
        Map.of("X-Extra", "1"), model);
  }

  @Test
  void sendsTheClientsBytesUntouchedWhenNothingChanges() throws IOException {
    String json = "{\"model\":\"gpt-4o-mini\",  \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"future_field\":{\"x\":[1,2]}}";
    Exchange ex = exchange(json);
    UpstreamCall call = openai.encode(ex, target("https://api.openai.com/v1", "gpt-4o-mini"));
    assertThat(call.body()).isSameAs(ex.rawBody());
    assertThat(call.uri()).isEqualTo("/v1/chat/completions");
    assertThat(call.headers().get("authorization")).isEqualTo("Bearer sk-test");
    assertThat(call.headers().get("x-extra")).isEqualTo("1");
  }

  @Test
  void rewritesOnlyTheModelAndKeepsEveryOtherField() throws IOException {
    Exchange ex = exchange("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:x\"}}]}],\"tools\":[{\"type\":"
        + "\"function\",\"function\":{\"name\":\"f\"}}],\"seed\":7,\"reasoning_effort\":\"low\","
        + "\"brand_new\":true}");
    UpstreamCall call = openai.encode(ex, target("http://h:1/v1", "llama-3.1-8b"));
    JsonNode sent = Json.MAPPER.readTree(call.body().getBytes());
    ObjectNode expected = ex.body().deepCopy();
    expected.put("model", "llama-3.1-8b");
    assertThat(sent).isEqualTo(expected);
    assertThat(ex.model()).as("the exchange keeps the client's body").isEqualTo("fast");
  }

  @Test
  void asksAStreamForItsUsageWithoutTellingTheClient() throws IOException {
    Exchange ex = exchange("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"x\":1},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    UpstreamCall call = openai.encode(ex, target("http://h:1/v1", "m"));
    JsonNode sent = Json.MAPPER.readTree(call.body().getBytes());
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/x").asInt()).isEqualTo(1);
    assertThat(call.headers().get("accept")).isEqualTo("text/event-stream");
    assertThat(ex.clientWantsStreamUsage()).isFalse();
  }

  @Test
  void azurePutsTheDeploymentInThePathAndTheKeyInApiKey() throws IOException {
    Exchange ex = exchange("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}");
    UpstreamCall call = azure.encode(ex, target("https://res.openai.azure.com", "my-deploy"));
    assertThat(call.uri())
        .isEqualTo("/openai/deployments/my-deploy/chat/completions?api-version=2024-10-21");
    assertThat(call.headers().get("api-key")).isEqualTo("sk-test");
    assertThat(call.headers().get("authorization")).isNull();
    assertThat(call.body()).isSameAs(ex.rawBody());
  }

  @Test
  void decodesUsageFromTheDocumentedResponse() throws IOException {
    Buffer body = Buffer.buffer(Files.readAllBytes(FIXTURES.resolve("chat-completion.json")));
    Reply.Complete r = openai.decode(exchange("{\"model\":\"m\",\"messages\":[]}"), 200, body);
    assertThat(r.body()).isSameAs(body);
    assertThat(r.finalUsage().promptTokens()).isEqualTo(19);
    assertThat(r.finalUsage().completionTokens()).isEqualTo(10);
  }

  @Test
  void streamDecoderPassesChunksAndStripsTheUsageChunkTheClientDidNotAskFor()
      throws IOException {
    Buffer sse = Buffer.buffer(Files.readAllBytes(FIXTURES.resolve("chat-stream-with-usage.sse")));
    for (boolean wants : new boolean[] {false, true}) {
      StreamDecoder d = new OpenAiStreamDecoder(wants);
      List<String> chunks = new ArrayList<>();
      for (int i = 0; i < sse.length(); i += 7) {
        d.feed(sse.getBuffer(i, Math.min(sse.length(), i + 7)), c -> chunks.add(c.toString()));
      }
      d.finish(c -> chunks.add(c.toString()));
      assertThat(chunks).hasSize(wants ? 5 : 4);
      assertThat(chunks.get(1)).contains("\"Hello\"");
      assertThat(d.usage().promptTokens()).isEqualTo(9);
      assertThat(d.usage().cachedTokens()).isEqualTo(4);
      assertThat(d.usage().completionTokens()).isEqualTo(2);
    }
  }

  @Test
  void aStreamThatStopsEarlyIsAnErrorNotASilentTruncation() {
    StreamDecoder d = new OpenAiStreamDecoder(false);
    d.feed(Buffer.buffer("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"),
        c -> { });
    assertThatThrownBy(() -> d.finish(c -> { })).isInstanceOf(GatewayException.class)
        .hasMessageContaining("ended the stream");
  }

  @Test
  void anErrorEventInTheStreamFailsIt() {
    StreamDecoder d = new OpenAiStreamDecoder(false);
    assertThatThrownBy(() -> d.feed(Buffer.buffer("data: {\"error\":{\"message\":\"boom\"}}\n\n"),
        c -> { })).isInstanceOf(GatewayException.class).hasMessageContaining("boom");
  }

  @Test
  void mapsARateLimitWithItsRetryAfter() throws IOException {
    Buffer body = Buffer.buffer(Files.readAllBytes(FIXTURES.resolve("error-rate-limit.json")));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Retry-After", "7");
    GatewayException e = openai.decodeError(target("http://h/v1", "m"), 429, headers, body);
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo("7");
    assertThat(e.getMessage()).contains("Rate limit reached");
    assertThat(e.upstreamBody()).contains("rate_limit_exceeded");
  }

  @Test
  void tellsASpentProviderQuotaFromARateLimit() {
    // OpenAI's documented answer when the account's credit or quota is used up.
    Buffer body = Buffer.buffer("{\"error\":{\"message\":\"You exceeded your current quota, please"
        + " check your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,"
        + "\"code\":\"insufficient_quota\"}}");
    GatewayException e = openai.decodeError(target("http://h/v1", "m"), 429, null, body);
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_QUOTA);
    assertThat(e.kind().code()).isEqualTo("provider_quota_exceeded");
    assertThat(e.kind().category().id()).isEqualTo("provider_quota");
    assertThat(e.getMessage()).contains("no quota left").contains("exceeded your current quota");
  }

  @Test
  void mapsProviderStatusesToTheGatewayVocabulary() {
    UpstreamTarget t = target("http://h/v1", "m");
    Buffer b = Buffer.buffer("{\"error\":{\"message\":\"bad\",\"param\":\"temperature\"}}");
    assertThat(openai.decodeError(t, 401, null, b).kind())
        .isEqualTo(ErrorKind.UPSTREAM_AUTHENTICATION);
    GatewayException invalid = openai.decodeError(t, 422, null, b);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.param()).isEqualTo("temperature");
    assertThat(openai.decodeError(t, 503, null, Buffer.buffer("oops")).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(openai.decodeError(t, 500, null, Buffer.buffer("oops")).status()).isEqualTo(502);
  }

  @Test
  void recognisesContextLengthAndContentRefusalsSoTheyCanFallBack() {
    UpstreamTarget t = target("http://h/v1", "gpt-4o-mini");
    GatewayException tooLong = openai.decodeError(t, 400, null, Buffer.buffer("{\"error\":{"
        + "\"message\":\"This model's maximum context length is 128000 tokens.\",\"type\":"
        + "\"invalid_request_error\",\"param\":\"messages\",\"code\":"
        + "\"context_length_exceeded\"}}"));
    assertThat(tooLong.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.param()).isEqualTo("messages");
    GatewayException refused = openai.decodeError(t, 400, null, Buffer.buffer("{\"error\":{"
        + "\"message\":\"filtered\",\"code\":\"content_filter\"}}"));
    assertThat(refused.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
  }
}
