package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BodyRewriterTest {

  @Test
  void replacesOnlyTheTopLevelStringAndKeepsEveryOtherByte() {
    String in = "{ \"messages\":[{\"model\":\"inner\",\"content\":\"x\"}],\n  \"model\" : \"fast\","
        + "\"temperature\":0.70,\"x\":1e3}";
    Buffer out = BodyRewriter.replaceTopLevelString(Buffer.buffer(in), "model", "llama \"3\"/é");
    assertThat(out.toString()).isEqualTo("{ \"messages\":[{\"model\":\"inner\",\"content\":\"x\"}],\n"
        + "  \"model\" : \"llama \\\"3\\\"/é\",\"temperature\":0.70,\"x\":1e3}");
  }

  @Test
  void answersNullWhenThereIsNothingToReplace() {
    assertThat(BodyRewriter.replaceTopLevelString(Buffer.buffer("{\"model\":5}"), "model", "m"))
        .isNull();
    assertThat(BodyRewriter.replaceTopLevelString(Buffer.buffer("[]"), "model", "m")).isNull();
    assertThat(BodyRewriter.replaceTopLevelString(Buffer.buffer("{\"a\":{\"model\":\"x\"}}"),
        "model", "m")).isNull();
  }

  @Test
  void prependsAField() {
    assertThat(BodyRewriter.prependField(Buffer.buffer("  {\"a\":1}"), "s", "{\"x\":true}")
        .toString()).isEqualTo("  {\"s\":{\"x\":true},\"a\":1}");
    assertThat(BodyRewriter.prependField(Buffer.buffer("{ }"), "s", "1").toString())
        .isEqualTo("{\"s\":1 }");
  }

  @Test
  void usageIsReadFromTheEndAndFromAnywhereElse() {
    Buffer atEnd = Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"say \\\"usage\\\": {}\"}}],"
        + "\"usage\": {\"prompt_tokens\":3,\"completion_tokens\":4,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":1}},\"service_tier\":\"default\"}");
    var u = Json.openAiUsage(atEnd);
    org.assertj.core.api.Assertions.assertThat(u.promptTokens()).isEqualTo(3);
    org.assertj.core.api.Assertions.assertThat(u.completionTokens()).isEqualTo(4);
    org.assertj.core.api.Assertions.assertThat(u.cachedTokens()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(Json.openAiUsage(Buffer.buffer(
        "{\"usage\":null,\"choices\":[]}")).reported()).isFalse();
  }
}
