package dev.switchboard.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the fields only a {@code type: bedrock} provider has ({@code region},
 * {@code aws_access_key_id}, {@code aws_secret_access_key}, {@code aws_session_token}) into a
 * {@link BedrockSpec}. The region falls back to {@code AWS_REGION}; the provider named
 * {@code bedrock} also takes its keys from the standard AWS variables, as AWS tools do. Stateless.
 */
final class BedrockFields {
  static final String REGION_ENV = "AWS_REGION";
  static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
  static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
  static final String SESSION_TOKEN_ENV = "AWS_SESSION_TOKEN";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  private BedrockFields() {}

  /**
   * @param hasApiKey whether {@code api_key}/{@code api_keys} gave a Bedrock API key, which
   *     replaces the SigV4 key pair
   */
  static BedrockSpec read(String name, NodeReader r, boolean hasApiKey) {
    Map<String, String> env = r.env();
    boolean wellKnown = name.equals("bedrock");
    String region = field(r, "region", env, REGION_ENV, true);
    if (region.isEmpty()) {
      r.error("region", "required for type bedrock (e.g. us-east-1), or set " + REGION_ENV);
    } else if (!REGION.matcher(region).matches()) {
      r.error("region", "'" + region + "' is not an AWS region name (e.g. us-east-1)");
    }
    String keyId = field(r, "aws_access_key_id", env, ACCESS_KEY_ENV, wellKnown);
    String secret = field(r, "aws_secret_access_key", env, SECRET_KEY_ENV, wellKnown);
    String token = field(r, "aws_session_token", env, SESSION_TOKEN_ENV, wellKnown);
    if (keyId.isEmpty() != secret.isEmpty()) {
      String missing = keyId.isEmpty() ? "aws_access_key_id" : "aws_secret_access_key";
      r.error(missing, "required together with "
          + (keyId.isEmpty() ? "aws_secret_access_key" : "aws_access_key_id")
          + " (the two halves of one AWS access key)");
    } else if (keyId.isEmpty() && !hasApiKey) {
      r.error("aws_access_key_id", "type bedrock needs credentials: aws_access_key_id and"
          + " aws_secret_access_key (optionally aws_session_token) for SigV4 signing, or api_key"
          + " for a Bedrock API key");
    }
    if (!token.isEmpty() && keyId.isEmpty()) {
      r.error("aws_session_token", "only applies together with aws_access_key_id");
    }
    return new BedrockSpec(region, keyId, secret, token);
  }

  /** The trimmed field, else (when {@code useEnv}) the trimmed variable, else empty. */
  private static String field(NodeReader r, String field, Map<String, String> env, String var,
      boolean useEnv) {
    String value = r.string(field, "").trim();
    if (value.isEmpty() && useEnv) {
      value = env.getOrDefault(var, "").trim();
    }
    return value;
  }
}
