package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** {@link Json#openAiUsage}: usage found wherever it is, in answers short and long. */
class JsonUsageTest {
  private static final String USAGE = "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9,"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}";

  private static String longContent() {
    return "word ".repeat(3000); // 15 KB: longer than the tail window the scan starts with
  }

  @Test
  void usageAtTheEndOfALongAnswerIsReadFromItsTail() {
    Buffer answer = Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"" + longContent()
        + "\"}}]," + USAGE + "}");
    var u = Json.openAiUsage(answer);
    assertThat(u.reported()).isTrue();
    assertThat(u.promptTokens()).isEqualTo(7);
    assertThat(u.completionTokens()).isEqualTo(9);
    assertThat(u.reasoningTokens()).isEqualTo(2);
  }

  @Test
  void usageAtTheStartOfALongAnswerIsFoundByTheFullScan() {
    Buffer answer = Buffer.buffer("{" + USAGE + ",\"choices\":[{\"message\":{\"content\":\""
        + longContent() + "\"}}]}");
    var u = Json.openAiUsage(answer);
    assertThat(u.reported()).isTrue();
    assertThat(u.promptTokens()).isEqualTo(7);
    assertThat(u.completionTokens()).isEqualTo(9);
  }

  @Test
  void aLongAnswerWithoutUsageHasNone() {
    Buffer answer = Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"" + longContent()
        + "\"}}]}");
    assertThat(Json.openAiUsage(answer).reported()).isFalse();
  }
}
