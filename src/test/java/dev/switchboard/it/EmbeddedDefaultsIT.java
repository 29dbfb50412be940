package dev.switchboard.it;

import dev.switchboard.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With nothing configured at all, the gateway starts on the built-in simulator and answers. */
class EmbeddedDefaultsIT {

  @Test
  void aFreshInstallAnswersWithoutAnyKey() {
    Gateway gw = Await.await(Gateway.start(ConfigLoader.load(null,
        Map.of("SWITCHBOARD_PORT", "0", "SWITCHBOARD_HOST", "127.0.0.1"))));
    try {
      assertThat(gw.simulator()).isNotNull();
      assertThat(gw.config().providers()).containsOnlyKeys("simulator");
      OpenAIClient client = OpenAIOkHttpClient.builder()
          .baseUrl("http://127.0.0.1:" + gw.port() + "/v1").apiKey("none").maxRetries(0).build();
      var c = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("Hello").build());
      assertThat(c.choices().get(0).message().content().orElseThrow()).contains("simulat");
      client.close();
    } finally {
      Await.await(gw.stop(1000));
    }
  }
}
