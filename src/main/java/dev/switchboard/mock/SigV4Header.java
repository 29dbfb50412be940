package dev.switchboard.mock;

import java.util.List;

/**
 * The parts of a SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=…}. Immutable.
 *
 * @param accessKeyId the access key id of the credential scope
 * @param region the region of the scope
 * @param service the service of the scope
 * @param signedHeaders the lower-case names of the signed headers, in order
 */
record SigV4Header(String accessKeyId, String region, String service,
    List<String> signedHeaders) {

  /** @throws BedrockApiException when the header is not a well-formed SigV4 header */
  static SigV4Header parse(String auth) {
    if (!auth.startsWith("AWS4-HMAC-SHA256 ")) {
      throw BedrockErrors.badSignature("Authorization header requires 'AWS4-HMAC-SHA256' as the"
          + " signing algorithm.");
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : auth.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
      String p = part.trim();
      if (p.startsWith("Credential=")) {
        credential = p.substring("Credential=".length());
      } else if (p.startsWith("SignedHeaders=")) {
        signedHeaders = p.substring("SignedHeaders=".length());
      } else if (p.startsWith("Signature=")) {
        signature = p.substring("Signature=".length());
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw BedrockErrors.badSignature("Authorization header requires 'Credential',"
          + " 'SignedHeaders' and 'Signature' parameters.");
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
      throw BedrockErrors.badSignature("Credential should be scoped to a valid region.");
    }
    return new SigV4Header(scope[0], scope[2], scope[3], List.of(signedHeaders.split(";")));
  }
}
