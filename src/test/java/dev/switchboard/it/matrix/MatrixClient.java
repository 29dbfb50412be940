package dev.switchboard.it.matrix;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.provider.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one request through an inbound API with that API's official SDK, as JSON or as a stream,
 * and reads the answer into an {@link Answer}. Requests are written as the JSON a client of that
 * API would send and handed to the SDK as its typed request body, so the SDK serialises them and
 * parses (and validates) what comes back.
 *
 * <p>Thread-safe (the SDK clients are); one per suite.
 */
final class MatrixClient implements AutoCloseable {
  private final OpenAIClient openAi;
  private final AnthropicClient anthropic;

  MatrixClient(String gatewayUrl) {
    openAi = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl + "/v1").apiKey("unused")
        .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl).apiKey("unused")
        .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
  }

  /** {@code body} is a chat-completions request for OpenAI, a messages request for Anthropic. */
  Answer send(Inbound inbound, String body, boolean stream) {
    try {
      return inbound == Inbound.OPENAI_CHAT ? openAi(body, stream) : anthropic(body, stream);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test request is not JSON: " + body, e);
    }
  }

  private Answer openAi(String body, boolean stream) throws JsonProcessingException {
    var sdk = com.openai.core.ObjectMappers.jsonMapper();
    ObjectNode json = (ObjectNode) sdk.readTree(body);
    if (stream) {
      json.putObject("stream_options").put("include_usage", true);
    }
    var params = ChatCompletionCreateParams.builder()
        .body(sdk.treeToValue(json, ChatCompletionCreateParams.Body.class)).build();
    if (!stream) {
      JsonNode c = tree(sdk.valueToTree(openAi.chat().completions().create(params)));
      return OpenAiAnswers.fromCompletion(c);
    }
    OpenAiAnswers.StreamReader reader = new OpenAiAnswers.StreamReader();
    try (var s = openAi.chat().completions().createStreaming(params)) {
      s.stream().forEach(chunk -> reader.add(tree(sdk.valueToTree(chunk))));
    }
    return reader.answer();
  }

  private Answer anthropic(String body, boolean stream) throws JsonProcessingException {
    var sdk = com.anthropic.core.ObjectMappers.jsonMapper();
    var params = MessageCreateParams.builder()
        .body(sdk.readValue(body, MessageCreateParams.Body.class)).build();
    if (!stream) {
      var m = anthropic.messages().create(params);
      m.validate();
      return fromMessage(tree(sdk.valueToTree(m)), Map.of());
    }
    MessageAccumulator acc = MessageAccumulator.create();
    Map<Long, Integer> fragments = new HashMap<>();
    try (StreamResponse<RawMessageStreamEvent> s = anthropic.messages().createStreaming(params)) {
      s.stream().forEach(e -> {
        acc.accumulate(e);
        e.contentBlockDelta().filter(d -> d.delta().isInputJson())
            .ifPresent(d -> fragments.merge(d.index(), 1, Integer::sum));
      });
    }
    var m = acc.message();
    m.validate();
    return fromMessage(tree(sdk.valueToTree(m)), fragments);
  }

  /** An Anthropic message in the common shape; {@code fragments} by content-block index. */
  static Answer fromMessage(JsonNode m, Map<Long, Integer> fragments) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<Answer.Call> calls = new ArrayList<>();
    List<JsonNode> thinking = new ArrayList<>();
    JsonNode content = m.path("content");
    for (int i = 0; i < content.size(); i++) {
      JsonNode b = content.get(i);
      switch (b.path("type").asText()) {
        case "text" -> text.append(b.path("text").asText());
        case "thinking" -> {
          reasoning.append(b.path("thinking").asText());
          thinking.add(b);
        }
        case "redacted_thinking" -> thinking.add(b);
        case "tool_use" -> calls.add(new Answer.Call(b.path("id").asText(),
            b.path("name").asText(), b.path("input").toString(),
            fragments.getOrDefault((long) i, 1), ""));
        default -> throw new AssertionError("unexpected content block " + b);
      }
    }
    JsonNode u = m.path("usage");
    long cached = u.path("cache_read_input_tokens").asLong(0);
    long written = u.path("cache_creation_input_tokens").asLong(0);
    long prompt = u.path("input_tokens").asLong() + cached + written;
    String finish = switch (m.path("stop_reason").asText()) {
      case "tool_use" -> "tool_calls";
      case "max_tokens" -> "length";
      default -> "stop";
    };
    return new Answer(text.toString(), reasoning.toString(), calls, finish, prompt,
        u.path("output_tokens").asLong(), cached, written, thinking);
  }

  /** The SDK's own Jackson tree, re-read with the gateway's mapper for plain assertions. */
  private static JsonNode tree(JsonNode sdkTree) {
    try {
      return Json.MAPPER.readTree(sdkTree.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    openAi.close();
    anthropic.close();
  }
}
