package dev.switchboard.mock;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a simulated Bedrock request's credentials the way AWS does: a SigV4
 * {@code Authorization} header made with the simulator's one access key
 * ({@value #ACCESS_KEY_ID} / {@value #SECRET_ACCESS_KEY}), for service {@code bedrock}, at most
 * 15 minutes old, and whose signature matches — verified by signing the received request again
 * with the AWS SDK's signer at the request's own {@code X-Amz-Date}. A Bedrock API key as a
 * bearer token is accepted too (checked against the simulator's required key, if any).
 *
 * <p>Stateless; the SDK signer is thread-safe.
 */
final class BedrockAuth {
  /** The access key id the simulator knows; any other is "invalid". */
  static final String ACCESS_KEY_ID = "AKIDSIMULATOR";
  /** The secret of {@link #ACCESS_KEY_ID}. */
  static final String SECRET_ACCESS_KEY = "simulator-secret";

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private BedrockAuth() {}

  /** @throws BedrockApiException when the request is not signed (or keyed) correctly */
  static void check(HttpServerRequest request, Buffer body, String requiredApiKey) {
    check(request.method().name(), request.path(), request.query(), request.headers(), body,
        requiredApiKey, Clock.systemUTC());
  }

  static void check(String method, String rawPath, String query, MultiMap headers, Buffer body,
      String requiredApiKey, Clock clock) {
    String auth = headers.get("Authorization");
    if (auth == null || auth.isBlank()) {
      throw BedrockErrors.missingAuthentication();
    }
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = auth.substring(7).trim();
      if (key.isEmpty() || (requiredApiKey != null && !requiredApiKey.isEmpty()
          && !requiredApiKey.equals(key))) {
        throw BedrockErrors.badApiKey();
      }
      return;
    }
    SigV4Header parsed = SigV4Header.parse(auth);
    if (!ACCESS_KEY_ID.equals(parsed.accessKeyId())) {
      throw BedrockErrors.unknownAccessKey();
    }
    if (!"bedrock".equals(parsed.service())) {
      throw BedrockErrors.badSignature("Credential should be scoped to correct service: 'bedrock'.");
    }
    Instant date = amzDate(headers.get("X-Amz-Date"));
    if (Duration.between(date, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw BedrockErrors.badSignature("Signature expired: " + headers.get("X-Amz-Date")
          + " is now earlier or later than the allowed 15 minutes of the server time.");
    }
    String expected = resign(method, rawPath, query, headers, body, parsed, date);
    if (!expected.equals(auth)) {
      throw BedrockErrors.badSignature("The request signature we calculated does not match the"
          + " signature you provided. Check your AWS Secret Access Key and signing method."
          + " Consult the service documentation for details.");
    }
  }

  private static Instant amzDate(String value) {
    if (value == null) {
      throw BedrockErrors.badSignature("Authorization header requires existence of either a"
          + " 'X-Amz-Date' or a 'Date' header.");
    }
    try {
      return Instant.from(AMZ_DATE.parse(value));
    } catch (DateTimeParseException e) {
      throw BedrockErrors.badSignature("Invalid X-Amz-Date '" + value + "'.");
    }
  }

  /** The Authorization header the SDK signer makes for this request with the known secret. */
  private static String resign(String method, String rawPath, String query, MultiMap headers,
      Buffer body, SigV4Header parsed, Instant date) {
    String host = headers.get("Host");
    if (host == null) {
      throw BedrockErrors.badSignature("The request has no Host header.");
    }
    int colon = host.lastIndexOf(':');
    SdkHttpRequest.Builder req = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
        .protocol("http")
        .host(colon > 0 ? host.substring(0, colon) : host)
        .encodedPath(rawPath);
    if (colon > 0) {
      req.port(Integer.parseInt(host.substring(colon + 1)));
    }
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        req.appendRawQueryParameter(eq < 0 ? pair : pair.substring(0, eq),
            eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    for (String name : parsed.signedHeaders()) {
      if (!name.equals("host") && headers.contains(name)) {
        req.putHeader(name, headers.getAll(name));
      }
    }
    var signed = SIGNER.sign(r -> r
        .identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
        .request(req.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body.getBytes()))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, parsed.service())
        .putProperty(AwsV4HttpSigner.REGION_NAME, parsed.region())
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(date, ZoneOffset.UTC)));
    return signed.request().firstMatchingHeader("Authorization").orElse("");
  }
}
