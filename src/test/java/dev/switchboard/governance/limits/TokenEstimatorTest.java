package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.api.Encoding;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TokenEstimator estimator = new TokenEstimator(1000, 765);

  @Test
  void picksO200kForRecentOpenAiModelsAndCl100kOtherwise() {
    assertThat(TokenEstimator.encodingFor("gpt-4o-mini").getName()).isEqualTo("o200k_base");
    assertThat(TokenEstimator.encodingFor("openai/gpt-4.1").getName()).isEqualTo("o200k_base");
    assertThat(TokenEstimator.encodingFor("o3-mini").getName()).isEqualTo("o200k_base");
    assertThat(TokenEstimator.encodingFor("ft:gpt-4o:acme::x1").getName())
        .isEqualTo("o200k_base");
    assertThat(TokenEstimator.encodingFor("gpt-4-turbo").getName()).isEqualTo("cl100k_base");
    assertThat(TokenEstimator.encodingFor("claude-3-5-sonnet").getName())
        .isEqualTo("cl100k_base");
    assertThat(TokenEstimator.encodingFor(null).getName()).isEqualTo("cl100k_base");
  }

  @Test
  void countsKnownStrings() {
    Encoding o200k = TokenEstimator.encodingFor("gpt-4o");
    Encoding cl100k = TokenEstimator.encodingFor("gpt-4");
    assertThat(o200k.countTokens("hello world")).isEqualTo(2);
    assertThat(cl100k.countTokens("hello world")).isEqualTo(2);
    // tiktoken's README example
    assertThat(cl100k.encode("tiktoken is great!").toArray())
        .containsExactly(83, 1609, 5963, 374, 2294, 0);
  }

  @Test
  void countsAMessageListTheWayOpenAiDoes() {
    // 3 per message + role + content (+1 and the name), 3 to prime the reply
    assertThat(estimator.promptTokens(body("""
        {"model":"gpt-4o","messages":[{"role":"user","content":"hello world"}]}""")))
        .isEqualTo(3 + 1 + 2 + 3);
    assertThat(estimator.promptTokens(body("""
        {"model":"gpt-4","messages":[
          {"role":"system","content":"tiktoken is great!"},
          {"role":"user","name":"bob","content":"hello world"}]}""")))
        .isEqualTo(3 + (3 + 1 + 6) + (3 + 1 + 2 + 1 + 1));
  }

  @Test
  void countsTextPartsAndAFixedAmountPerImage() {
    assertThat(estimator.promptTokens(body("""
        {"model":"gpt-4o","messages":[{"role":"user","content":[
          {"type":"text","text":"hello world"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
          {"type":"image_url","image_url":{"url":"https://x/y.png","detail":"high"}}]}]}""")))
        .isEqualTo(3 + 1 + 2 + 2 * 765 + 3);
  }

  @Test
  void countsToolDefinitionsAndToolCalls() {
    Encoding enc = TokenEstimator.encodingFor("gpt-4o");
    String parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
    JsonNode request = body("""
        {"model":"gpt-4o","messages":[
          {"role":"user","content":"hello world"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
            "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
          {"role":"tool","tool_call_id":"c1","content":"sunny"}],
         "tools":[{"type":"function","function":{"name":"get_weather",
           "description":"Weather of a city","parameters":%s}}]}""".formatted(parameters));
    int messages = (3 + 1 + 2)
        + (3 + enc.countTokens("assistant") + 3 + enc.countTokens("get_weather")
            + enc.countTokens("{\"city\":\"Paris\"}"))
        + (3 + enc.countTokens("tool") + enc.countTokens("sunny"));
    int tools = 12 + 7 + enc.countTokens("get_weather") + enc.countTokens("Weather of a city")
        + enc.countTokens(parameters);
    assertThat(estimator.promptTokens(request)).isEqualTo(3 + messages + tools);
  }

  @Test
  void countsPromptAndInputOfNonChatBodies() {
    assertThat(estimator.promptTokens(body("{\"model\":\"gpt-4o\",\"prompt\":\"hello world\"}")))
        .isEqualTo(2);
    assertThat(estimator.promptTokens(body("""
        {"model":"text-embedding-3-small","input":["hello world","hello world"]}""")))
        .isEqualTo(4);
    assertThat(estimator.promptTokens(body("{\"model\":\"x\",\"input\":[[1,2,3],[4]]}")))
        .isEqualTo(4);
  }

  @Test
  void maxOutputPrefersMaxCompletionTokensThenMaxTokensThenTheDefaultTimesN() {
    assertThat(estimator.maxOutputTokens(body("{\"max_completion_tokens\":50,\"max_tokens\":9}")))
        .isEqualTo(50);
    assertThat(estimator.maxOutputTokens(body("{\"max_tokens\":9}"))).isEqualTo(9);
    assertThat(estimator.maxOutputTokens(body("{}"))).isEqualTo(1000);
    assertThat(estimator.maxOutputTokens(body("{\"max_tokens\":9,\"n\":3}"))).isEqualTo(27);
    assertThat(estimator.totalEstimate(body("""
        {"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"hello world"}]}"""),
        true)).isEqualTo(19);
  }

  @Test
  void largeBodiesAreEstimatedFromTheirLengthWithoutTokenizing() {
    String big = "word ".repeat(10_000); // 50,000 characters
    JsonNode request = JSON.createObjectNode().put("model", "gpt-4o")
        .set("messages", JSON.createArrayNode().add(
            JSON.createObjectNode().put("role", "user").put("content", big)));
    int cheap = estimator.estimateCheap(request);
    int exact = estimator.promptTokens(request);
    assertThat(exact).isBetween(10_000, 10_010);
    assertThat(cheap).isBetween(12_500, 12_600); // ~50,000 / 4, plus overheads
  }

  @Test
  void smallBodiesAreTokenizedEvenOnTheCheapPathAndImagesDoNotCountAsText() {
    String image = "data:image/png;base64," + "A".repeat(100_000);
    JsonNode request = body("""
        {"model":"gpt-4o","messages":[{"role":"user","content":[
          {"type":"text","text":"hello world"},
          {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(image));
    assertThat(estimator.estimateCheap(request)).isEqualTo(3 + 1 + 2 + 765 + 3);
  }

  private static JsonNode body(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
