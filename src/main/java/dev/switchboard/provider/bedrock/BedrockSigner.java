package dev.switchboard.provider.bedrock;

import io.vertx.core.MultiMap;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs Bedrock requests with AWS Signature Version 4 using the AWS SDK's own signer (service
 * {@code bedrock}), over the exact body bytes that are sent. Only this class touches the SDK, so
 * its classes are loaded only by a gateway with a SigV4 Bedrock provider (warmed up at start).
 *
 * <p>Threading: stateless; the SDK signer is thread-safe.
 */
final class BedrockSigner {
  static final String SERVICE = "bedrock";
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private BedrockSigner() {}

  /** Loads and initialises the SDK's signing classes by signing a throw-away request. */
  static void warmUp() {
    sign(new BedrockCredentials("us-east-1", "AKIDWARMUP", "warm-up", ""), true,
        "localhost", 443, "/", MultiMap.caseInsensitiveMultiMap(), new byte[0],
        Clock.systemUTC());
  }

  /**
   * Adds {@code Authorization}, {@code X-Amz-Date}, {@code Host} and (for temporary credentials)
   * {@code X-Amz-Security-Token} to {@code headers}, signing every header already in it.
   *
   * @param encodedPath the request path exactly as sent (already percent-encoded)
   */
  static void sign(BedrockCredentials creds, boolean ssl, String host, int port,
      String encodedPath, MultiMap headers, byte[] body, Clock clock) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol(ssl ? "https" : "http")
        .host(host)
        .port(port)
        .encodedPath(encodedPath);
    headers.forEach(h -> request.appendHeader(h.getKey(), h.getValue()));
    AwsCredentialsIdentity identity = creds.sessionToken().isEmpty()
        ? AwsCredentialsIdentity.create(creds.accessKeyId(), creds.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(creds.accessKeyId(), creds.secretAccessKey(),
            creds.sessionToken());
    SignedRequest signed = SIGNER.sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, creds.region())
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
  }
}
