package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.pipeline.GatewayException;
import org.junit.jupiter.api.Test;

/** {@link ThinkingBlocks}: blocks read back as handed out, bad ones refused with the field. */
class ThinkingBlocksTest {
  private static com.fasterxml.jackson.databind.JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void signedAndRedactedBlocksAreReadInOrder() throws Exception {
    var blocks = ThinkingBlocks.read(json("[{\"type\":\"thinking\",\"thinking\":\"t\","
        + "\"signature\":\"s\"},{\"type\":\"redacted_thinking\",\"data\":\"d\"}]"), "p");
    assertThat(blocks).containsExactly(new ThinkingBlocks.Signed("t", "s"),
        new ThinkingBlocks.Redacted("d"));
    assertThat(ThinkingBlocks.read(null, "p")).isEmpty();
    assertThat(ThinkingBlocks.read(json("null"), "p")).isEmpty();
  }

  @Test
  void aBlockNotAsReturnedIsRefusedNamingTheField() {
    assertThatThrownBy(() -> ThinkingBlocks.read(json("{}"), "m.thinking_blocks"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("must be a list");
    assertThatThrownBy(() -> ThinkingBlocks.read(json("[{\"type\":\"thinking\",\"thinking\":\"t\"}]"),
        "m.thinking_blocks"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("'signature'");
    assertThatThrownBy(() -> ThinkingBlocks.read(json("[{\"type\":\"text\"}]"), "m.thinking_blocks"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("'redacted_thinking'");
  }
}
