package dev.switchboard;

import dev.switchboard.config.BedrockSpec;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.provider.bedrock.BedrockCredentials;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands the Bedrock adapter the signing credentials of the configured bedrock providers (the
 * adapter package must not read configuration itself). Stateless.
 */
final class BedrockAccounts {
  private BedrockAccounts() {}

  static Map<String, BedrockCredentials> of(Map<String, ProviderSpec> providers) {
    Map<String, BedrockCredentials> out = new HashMap<>();
    providers.forEach((name, p) -> {
      BedrockSpec b = p.bedrock();
      if (b != null) {
        out.put(name, new BedrockCredentials(b.region(), b.accessKeyId(), b.secretAccessKey(),
            b.sessionToken()));
      }
    });
    return out;
  }
}
