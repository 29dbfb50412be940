package dev.switchboard.provider.bedrock;

/**
 * How the gateway signs requests to one Bedrock provider: its region and, for SigV4, its AWS
 * access key. A provider without a key pair sends its Bedrock API key as a bearer token instead.
 * Immutable.
 *
 * @param region AWS region the requests are signed for, e.g. {@code us-east-1}
 * @param accessKeyId access key id; empty when the provider uses a Bedrock API key
 * @param secretAccessKey secret of that key; empty exactly when the id is
 * @param sessionToken session token of temporary credentials; empty otherwise
 */
public record BedrockCredentials(
    String region, String accessKeyId, String secretAccessKey, String sessionToken) {

  /** Whether requests are signed with SigV4. */
  boolean signs() {
    return !accessKeyId.isEmpty();
  }

  @Override
  public String toString() {
    return "BedrockCredentials[region=" + region + ", accessKeyId=" + accessKeyId + ", ***]";
  }
}
