package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.errors;
import static dev.switchboard.config.ConfigLoaderTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockConfigTest {

  @Test
  void readsABedrockProviderWithItsRegionDerivedUrl() {
    ProviderSpec p = load("""
        providers:
          aws:
            type: bedrock
            region: eu-central-1
            aws_access_key_id: ${KEY_ID}
            aws_secret_access_key: ${SECRET}
            aws_session_token: ${TOKEN:-}
        """, Map.of("KEY_ID", "AKIDEXAMPLE", "SECRET", "s3cr3t")).providers().get("aws");
    assertThat(p.type()).isEqualTo("bedrock");
    assertThat(p.baseUrl()).isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(p.bedrock()).isEqualTo(new BedrockSpec("eu-central-1", "AKIDEXAMPLE", "s3cr3t",
        ""));
    assertThat(p.bedrock().signs()).isTrue();
    assertThat(p.bedrock().toString()).doesNotContain("s3cr3t");
    assertThat(p.apiKeys()).isEmpty();
  }

  @Test
  void theWellKnownNameTakesTheStandardAwsVariables() {
    Map<String, String> env = Map.of("AWS_REGION", "us-west-2", "AWS_ACCESS_KEY_ID", "AKID",
        "AWS_SECRET_ACCESS_KEY", "sec", "AWS_SESSION_TOKEN", "tok");
    ProviderSpec p = load("providers:\n  bedrock: {}\n", env).providers().get("bedrock");
    assertThat(p.type()).isEqualTo("bedrock");
    assertThat(p.bedrock()).isEqualTo(new BedrockSpec("us-west-2", "AKID", "sec", "tok"));
    assertThat(p.baseUrl()).isEqualTo("https://bedrock-runtime.us-west-2.amazonaws.com");
    // another name takes only the region from the environment, never someone's keys
    assertThat(errors("providers:\n  aws: {type: bedrock}\n", env)).containsExactly(
        "providers.aws.aws_access_key_id: type bedrock needs credentials: aws_access_key_id and"
            + " aws_secret_access_key (optionally aws_session_token) for SigV4 signing, or"
            + " api_key for a Bedrock API key");
    // and the variables alone configure nothing
    assertThat(ConfigLoader.load(null, env).providers()).doesNotContainKey("bedrock");
  }

  @Test
  void aBedrockApiKeyReplacesTheKeyPairAndABaseUrlCanBeGiven() {
    ProviderSpec p = load("""
        providers:
          aws:
            type: bedrock
            region: us-east-1
            api_key: br-key
            base_url: http://127.0.0.1:9000/
        """).providers().get("aws");
    assertThat(p.bedrock().signs()).isFalse();
    assertThat(p.apiKey()).isEqualTo("br-key");
    assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9000");
  }

  @Test
  void missingOrHalfCredentialsAndBadRegionsAreNamed() {
    assertThat(errors("providers:\n  aws: {type: bedrock, api_key: k}\n")).containsExactly(
        "providers.aws.region: required for type bedrock (e.g. us-east-1), or set AWS_REGION");
    assertThat(errors("providers:\n  aws: {type: bedrock, region: Frankfurt, api_key: k}\n"))
        .containsExactly("providers.aws.region: 'Frankfurt' is not an AWS region name"
            + " (e.g. us-east-1)");
    assertThat(errors("""
        providers:
          aws: {type: bedrock, region: us-east-1, aws_access_key_id: AKID}
        """)).containsExactly("providers.aws.aws_secret_access_key: required together with"
            + " aws_access_key_id (the two halves of one AWS access key)");
    assertThat(errors("providers:\n  o: {type: openai, base_url: 'http://x', region: us-east-1}\n"))
        .singleElement().asString().contains("providers.o.region");
  }
}
