package dev.switchboard.provider;

import java.net.URI;
import java.util.Map;

/**
 * Where and as whom one deployment is called: the provider's endpoint split once into host, port and
 * base path, its credentials and API family, and the upstream's model name. Immutable.
 *
 * @param provider the provider's configured name
 * @param type API family ({@code openai}, {@code azure} …)
 * @param host upstream host
 * @param port upstream port
 * @param ssl whether to use TLS
 * @param basePath path prefix without trailing slash, e.g. {@code /v1} (may be empty)
 * @param apiKey credential, may be empty
 * @param apiVersion azure's {@code api-version}, empty otherwise
 * @param headers extra headers for every request
 * @param model the upstream's model (or azure deployment) name
 */
public record UpstreamTarget(
    String provider, String type, String host, int port, boolean ssl, String basePath,
    String apiKey, String apiVersion, Map<String, String> headers, String model) {

  /** Splits a base URL such as {@code https://api.openai.com/v1} into a target. */
  public static UpstreamTarget of(String provider, String type, String baseUrl, String apiKey,
      String apiVersion, Map<String, String> headers, String model) {
    URI uri = URI.create(baseUrl);
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new UpstreamTarget(provider, type, uri.getHost(), port, ssl, path,
        apiKey == null ? "" : apiKey, apiVersion == null ? "" : apiVersion,
        Map.copyOf(headers), model);
  }

  /** The same target called with another API key (key rotation). */
  public UpstreamTarget withApiKey(String key) {
    return key.equals(apiKey) ? this : new UpstreamTarget(provider, type, host, port, ssl, basePath,
        key, apiVersion, headers, model);
  }
}
