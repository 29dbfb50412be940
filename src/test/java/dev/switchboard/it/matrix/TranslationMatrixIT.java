package dev.switchboard.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.provider.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translation contract: every outbound adapter ({@link Upstream}) behind both inbound APIs
 * ({@link Inbound}), as JSON and as a stream, for text, tools, images, usage and errors. Each test
 * checks what the client got through its official SDK and, through the simulator's
 * {@code GET /mock/requests}, what actually went upstream in the provider's own format. Where an
 * adapter lacks a {@link Capability} the documented approximation or refusal is asserted instead.
 * Thinking has its own suite, {@link ThinkingMatrixIT}.
 */
class TranslationMatrixIT {
  private static MatrixRig rig;
  private static MatrixClient client;

  @BeforeAll
  static void start() {
    rig = new MatrixRig();
    client = new MatrixClient(rig.gatewayUrl());
  }

  @AfterAll
  static void stop() {
    client.close();
    rig.close();
  }

  @AfterEach
  void healUpstreams() {
    for (Upstream u : Upstream.values()) {
      rig.upstreamStatus(u, 200);
    }
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> all = new ArrayList<>();
    for (Upstream u : Upstream.values()) {
      for (Inbound in : Inbound.values()) {
        all.add(Arguments.of(u, in, false));
        all.add(Arguments.of(u, in, true));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void textAndUsage(Upstream u, Inbound in, boolean stream) {
    Answer a = client.send(in, Requests.text(in, u.route()), stream);
    assertThat(a.text()).isNotBlank();
    assertThat(a.finish()).isEqualTo("stop");
    assertThat(a.calls()).isEmpty();
    assertThat(a.promptTokens()).isPositive();
    assertThat(a.completionTokens()).isPositive();
    assertThat(a.cachedTokens() + a.cacheWriteTokens()).isBetween(0L, a.promptTokens());

    JsonNode sent = rig.lastUpstreamRequest(u);
    JsonNode body = sent.path("body");
    switch (u) {
      case OPENAI -> {
        assertThat(sent.path("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Be brief.");
      }
      case ANTHROPIC -> {
        assertThat(sent.path("path").asText()).isEqualTo("/v1/messages");
        assertThat(sent.at("/headers/x-api-key").asText()).isEqualTo(u.apiKey);
        assertThat(body.path("system").toString()).contains("Be brief.");
        assertThat(body.path("messages")).allSatisfy(m ->
            assertThat(m.path("role").asText()).isIn("user", "assistant"));
        // Anthropic requires max_tokens: the client's, or the adapter's default.
        assertThat(body.path("max_tokens").asInt())
            .isEqualTo(in == Inbound.ANTHROPIC_MESSAGES ? 200 : 4096);
      }
      case GEMINI -> {
        assertThat(sent.path("path").asText()).isEqualTo("/v1beta/models/" + u.upstreamModel
            + (stream ? ":streamGenerateContent" : ":generateContent"));
        assertThat(sent.at("/headers/x-goog-api-key").asText()).isEqualTo(u.apiKey);
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
      }
      case BEDROCK -> {
        assertThat(sent.path("path").asText()).isEqualTo("/model/"
            + u.upstreamModel.replace(":", "%3A") + (stream ? "/converse-stream" : "/converse"));
        // SigV4 with the provider's key, for Bedrock in the provider's region.
        assertThat(sent.at("/headers/authorization").asText())
            .startsWith("AWS4-HMAC-SHA256 Credential=" + u.apiKey + "/")
            .contains("/eu-west-1/bedrock/aws4_request");
        assertThat(body.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("Say hello");
        if (in == Inbound.ANTHROPIC_MESSAGES) {
          assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(200);
        } else {
          assertThat(body.has("inferenceConfig")).as("no limit asked, none sent").isFalse();
        }
      }
    }
    if (u == Upstream.OPENAI || u == Upstream.ANTHROPIC) {
      assertThat(body.path("model").asText()).isEqualTo(u.upstreamModel);
    }
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void toolCalls(Upstream u, Inbound in, boolean stream) throws Exception {
    Answer a = client.send(in, Requests.tool(in, u.route()), stream);
    assertThat(a.finish()).isEqualTo("tool_calls");
    assertThat(a.calls()).hasSize(1);
    Answer.Call call = a.calls().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.id()).isNotBlank();
    assertThat(Json.MAPPER.readTree(call.arguments()).path("city").isTextual()).isTrue();
    if (stream && u.has(Capability.STREAMED_TOOL_ARGUMENTS)) {
      assertThat(call.fragments()).as("argument fragments").isGreaterThan(1);
    } else {
      // Gemini sends each call whole: one fragment carries all the arguments.
      assertThat(call.fragments()).as("argument fragments").isEqualTo(1);
    }
  }

  static Stream<Arguments> pairsAnsweringInParallel() {
    return everyPair().filter(a -> ((Upstream) a.get()[0]).has(Capability.PARALLEL_CALL_ANSWERS));
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("pairsAnsweringInParallel")
  void parallelCallsInAnAnswerStayApart(Upstream u, Inbound in, boolean stream)
      throws Exception {
    Answer a = client.send(in, Requests.twoTools(in, u.route()), stream);
    assertThat(a.finish()).isEqualTo("tool_calls");
    assertThat(a.calls()).extracting(Answer.Call::name).containsExactly("get_weather", "get_time");
    assertThat(a.calls()).extracting(Answer.Call::id).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).isNotBlank());
    assertThat(Json.MAPPER.readTree(a.calls().get(0).arguments()).has("city")).isTrue();
    assertThat(Json.MAPPER.readTree(a.calls().get(1).arguments()).has("zone")).isTrue();
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void parallelToolCallsAndTheirResultsGoUpstreamInTheProvidersShape(Upstream u, Inbound in,
      boolean stream) {
    client.send(in, Requests.parallelToolResults(in, u.route()), stream);
    JsonNode body = rig.lastUpstreamRequest(u).path("body");
    switch (u) {
      case OPENAI -> {
        assertThat(body.at("/messages/1/tool_calls")).hasSize(2);
        assertThat(body.at("/messages/2/tool_call_id").asText()).isEqualTo("call_p");
        assertThat(body.at("/messages/3/tool_call_id").asText()).isEqualTo("call_r");
        assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
      }
      case ANTHROPIC -> {
        // Both calls in one assistant turn, both results in the one user turn after it.
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.at("/messages/1/content")).extracting(b -> b.path("type").asText())
            .containsExactly("tool_use", "tool_use");
        assertThat(body.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/2/content")).extracting(b -> b.path("tool_use_id").asText())
            .containsExactly("call_p", "call_r");
        assertThat(body.at("/tool_choice/disable_parallel_tool_use").asBoolean()).isTrue();
      }
      case GEMINI -> {
        assertThat(body.path("contents")).hasSize(3);
        assertThat(body.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(body.at("/contents/1/parts")).extracting(p -> p.at("/functionCall/args/city")
            .asText()).containsExactly("Paris", "Rome");
        assertThat(body.at("/contents/2/parts")).extracting(p -> p.at("/functionResponse/name")
            .asText()).containsExactly("get_weather", "get_weather");
      }
      case BEDROCK -> {
        // Converse alternates roles: both results share the one user turn after the calls.
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/messages/1/content")).extracting(b -> b.at("/toolUse/input/city")
            .asText()).containsExactly("Paris", "Rome");
        assertThat(body.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/2/content")).extracting(b -> b.at("/toolResult/toolUseId")
            .asText()).containsExactly("call_p", "call_r");
        // Tools stay declared beside tool blocks, as Converse requires.
        assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
      }
    }
    if (!u.has(Capability.PARALLEL_TOOL_SWITCH)) {
      assertThat(body.toString()).doesNotContain("parallel");
    }
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void base64Images(Upstream u, Inbound in, boolean stream) {
    Answer a = client.send(in, Requests.imageData(in, u.route()), stream);
    assertThat(a.text()).isNotBlank();
    JsonNode body = rig.lastUpstreamRequest(u).path("body");
    switch (u) {
      case OPENAI -> assertThat(body.at("/messages/0/content/1/image_url/url").asText())
          .isEqualTo("data:image/png;base64," + Requests.PNG);
      case ANTHROPIC -> {
        JsonNode source = body.at("/messages/0/content/1/source");
        assertThat(source.path("type").asText()).isEqualTo("base64");
        assertThat(source.path("media_type").asText()).isEqualTo("image/png");
        assertThat(source.path("data").asText()).isEqualTo(Requests.PNG);
      }
      case GEMINI -> {
        JsonNode inline = body.at("/contents/0/parts/1/inlineData");
        assertThat(inline.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(inline.path("data").asText()).isEqualTo(Requests.PNG);
      }
      case BEDROCK -> {
        JsonNode image = body.at("/messages/0/content/1/image");
        assertThat(image.path("format").asText()).isEqualTo("png");
        assertThat(image.at("/source/bytes").asText()).isEqualTo(Requests.PNG);
      }
    }
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void imageUrls(Upstream u, Inbound in, boolean stream) throws Exception {
    if (!u.has(Capability.IMAGE_URL)) {
      rig.forget();
      var r = rig.post(Requests.path(in), Requests.streamed(Requests.imageUrl(in, u.route()),
          stream));
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode err = Json.MAPPER.readTree(r.body());
      assertThat(err.at("/error/message").asText()).contains("base64 data URL");
      if (in == Inbound.OPENAI_CHAT) {
        assertThat(err.at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(err.at("/error/param").asText()).endsWith("image_url.url");
      } else {
        assertThat(err.path("type").asText()).isEqualTo("error");
        assertThat(err.at("/error/type").asText()).isEqualTo("invalid_request_error");
      }
      assertThat(rig.requestCount(u)).as("nothing went upstream").isZero();
      return;
    }
    client.send(in, Requests.imageUrl(in, u.route()), stream);
    JsonNode body = rig.lastUpstreamRequest(u).path("body");
    switch (u) {
      case ANTHROPIC -> {
        assertThat(body.at("/messages/0/content/1/source/type").asText()).isEqualTo("url");
        assertThat(body.at("/messages/0/content/1/source/url").asText())
            .isEqualTo(Requests.IMAGE_URL);
      }
      default -> assertThat(body.toString()).contains(Requests.IMAGE_URL);
    }
  }

  static Stream<Arguments> everyPairAndFailure() {
    List<Arguments> all = new ArrayList<>();
    for (Upstream u : Upstream.values()) {
      for (Inbound in : Inbound.values()) {
        for (int status : new int[] {429, 400, 500}) {
          all.add(Arguments.of(u, in, status, false));
          all.add(Arguments.of(u, in, status, true));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} -> {0}: upstream {2}, stream={3}")
  @MethodSource("everyPairAndFailure")
  void upstreamErrorsReachTheClientInItsOwnEnvelope(Upstream u, Inbound in, int upstreamStatus,
      boolean stream) throws Exception {
    rig.upstreamStatus(u, upstreamStatus);
    var r = rig.post(Requests.path(in), Requests.streamed(Requests.text(in, u.route()), stream));
    ExpectedError want = ExpectedError.forUpstreamStatus(upstreamStatus);
    assertThat(r.statusCode()).isEqualTo(want.status());
    JsonNode err = Json.MAPPER.readTree(r.body());
    if (in == Inbound.OPENAI_CHAT) {
      assertThat(err.at("/error/code").asText()).isEqualTo(want.openAiCode());
      assertThat(err.at("/error/upstream/status").asInt()).isEqualTo(upstreamStatus);
    } else {
      assertThat(err.path("type").asText()).isEqualTo("error");
      assertThat(err.at("/error/type").asText()).isEqualTo(want.anthropicType());
    }
    assertThat(err.at("/error/message").asText()).isNotBlank();
    if (upstreamStatus == 429) {
      assertThat(r.headers().firstValue("retry-after")).hasValue("2");
    }
  }

  static Stream<Arguments> everyUpstreamAndMode() {
    List<Arguments> all = new ArrayList<>();
    for (Upstream u : Upstream.values()) {
      all.add(Arguments.of(u, false));
      all.add(Arguments.of(u, true));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "/v1/messages -> {0}, stream={1}")
  @MethodSource("everyUpstreamAndMode")
  void anthropicOnlyFieldsReachAnAnthropicUpstreamAsWritten(Upstream u, boolean stream)
      throws Exception {
    String request = Requests.streamed("""
        {"model":"%s","max_tokens":300,"top_k":5,"metadata":{"user_id":"u-42"},
         "system":[{"type":"text","text":"Long reusable context.",
                    "cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":"Say hello"}]}""".formatted(u.route()), stream);
    Answer a = client.send(Inbound.ANTHROPIC_MESSAGES, request, stream);
    assertThat(a.text()).isNotBlank();
    JsonNode sent = rig.lastUpstreamRequest(u).path("body");
    if (u.has(Capability.MESSAGES_PASS_THROUGH)) {
      var expected = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(request);
      expected.put("model", u.upstreamModel);
      assertThat(sent).isEqualTo(expected);
      // The prefix is written by whichever of the JSON and streamed runs comes first, and read
      // by the other.
      assertThat(a.cachedTokens() + a.cacheWriteTokens()).as("cache reads or writes reported back")
          .isPositive();
      assertThat(a.cachedTokens() * a.cacheWriteTokens()).as("one or the other").isZero();
      assertThat(a.cachedTokens() + a.cacheWriteTokens()).isLessThan(a.promptTokens());
      return;
    }
    assertThat(sent.toString()).doesNotContain("cache_control").doesNotContain("top_k")
        .contains("Long reusable context.");
    if (u == Upstream.OPENAI) {
      assertThat(sent.path("user").asText()).isEqualTo("u-42");
    } else {
      assertThat(sent.toString()).doesNotContain("u-42");
    }
  }
}
