package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.switchboard.provider.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI integration works against the gateway by changing only the base URL. */
class LangChain4jIT {
  static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.start("");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void chat() {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(h.baseUrl()).apiKey("any")
        .modelName("gpt-4o-mini").maxRetries(0).build();
    assertThat(model.chat("Say hello")).isNotBlank();
  }

  @Test
  void streamingChat() throws Exception {
    OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(h.baseUrl())
        .apiKey("any").modelName("gpt-4o-mini").build();
    StringBuilder partial = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat("Say hello", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String s) {
        partial.append(s);
      }

      @Override
      public void onCompleteResponse(ChatResponse r) {
        done.complete(r);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }
    });
    ChatResponse r = done.get(20, TimeUnit.SECONDS);
    assertThat(r.aiMessage().text()).isEqualTo(partial.toString()).isNotBlank();
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(16);
  }

  @Test
  void toolCalls() throws Exception {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(h.baseUrl()).apiKey("any")
        .modelName("gpt-4o-mini").maxRetries(0).build();
    ToolSpecification weather = ToolSpecification.builder().name("get_weather")
        .description("Weather for a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
        .build();
    ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("Weather?"))
        .toolSpecifications(weather).build());
    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(Json.MAPPER.readTree(call.arguments()).has("city")).isTrue();
  }

  @Test
  void embeddings() {
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(h.baseUrl())
        .apiKey("any").modelName("text-embedding-3-small").build();
    assertThat(model.embed("hello").content().vector()).hasSize(1536);
  }
}
