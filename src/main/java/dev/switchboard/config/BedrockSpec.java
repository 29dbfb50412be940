package dev.switchboard.config;

/**
 * The AWS side of a {@code type: bedrock} provider: the region it is called in and the SigV4
 * credentials requests are signed with. Immutable.
 *
 * @param region {@code region} (or {@code AWS_REGION}), e.g. {@code us-east-1}
 * @param accessKeyId {@code aws_access_key_id}; empty when the provider uses a Bedrock API key
 *     ({@code api_key}) instead of SigV4
 * @param secretAccessKey {@code aws_secret_access_key}; empty exactly when the key id is
 * @param sessionToken {@code aws_session_token} for temporary credentials; empty otherwise
 */
public record BedrockSpec(
    String region, String accessKeyId, String secretAccessKey, String sessionToken) {

  /** Whether requests are signed with SigV4 (else they carry the Bedrock API key as a bearer). */
  public boolean signs() {
    return !accessKeyId.isEmpty();
  }

  /** {@code base_url}'s default: the Bedrock runtime endpoint of the region. */
  public String defaultBaseUrl() {
    return "https://bedrock-runtime." + region + ".amazonaws.com";
  }

  /** Credentials are secrets: never print them (config dumps, test failures). */
  @Override
  public String toString() {
    return "BedrockSpec[region=" + region + ", accessKeyId=" + accessKeyId
        + ", secretAccessKey=***, sessionToken=" + (sessionToken.isEmpty() ? "" : "***") + "]";
  }
}
