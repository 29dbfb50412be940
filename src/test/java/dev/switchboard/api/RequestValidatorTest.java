package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestValidatorTest {

  private static ObjectNode body(String json) {
    return InferenceHandler.parse(Buffer.buffer(json));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CHAT|{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|Missing required parameter 'model'",
      "CHAT|{\"model\":42,\"messages\":[]}|model|non-empty string",
      "CHAT|{\"model\":\"m\"}|messages|Missing required parameter 'messages'",
      "CHAT|{\"model\":\"m\",\"messages\":[]}|messages|non-empty array",
      "CHAT|{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}|messages[0].role|'robot'",
      "CHAT|{\"model\":\"m\",\"messages\":[\"hi\"]}|messages[0]|must be an object",
      "CHAT|{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|stream|a boolean, got string",
      "CHAT|{\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|temperature|a number",
      "EMBEDDINGS|{\"model\":\"m\"}|input|Missing required parameter 'input'",
      "EMBEDDINGS|{\"model\":\"m\",\"input\":[]}|input|non-empty array",
      "COMPLETIONS|{\"model\":\"m\",\"prompt\":5}|prompt|a string or an array",
      "IMAGES|{\"model\":\"m\"}|prompt|Missing required parameter 'prompt'"})
  void rejectsWithAMessageNamingTheParameter(Endpoint e, String json, String param,
      String message) {
    assertThatThrownBy(() -> RequestValidator.validate(e, body(json)))
        .isInstanceOfSatisfying(GatewayException.class, ge -> {
          org.assertj.core.api.Assertions.assertThat(ge.param()).isEqualTo(param);
          org.assertj.core.api.Assertions.assertThat(ge.status()).isEqualTo(400);
        })
        .hasMessageContaining(message);
  }

  @Test
  void acceptsUnknownFieldsAndNullOptionals() {
    assertThatCode(() -> RequestValidator.validate(Endpoint.CHAT, body("{\"model\":\"m\","
        + "\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}],\"temperature\":null,"
        + "\"some_future_field\":{}}"))).doesNotThrowAnyException();
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> body("{\"model\": \"m\",,}"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> body("[1,2]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> body("")).hasMessageContaining("empty");
  }
}
