package dev.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code providers:} into {@link ProviderSpec}s, applying the per-type and per-name defaults,
 * merging {@code api_key} with {@code api_keys}, and laying each provider's {@code circuit_breaker}
 * over the global one. Stateless; each call works only on the reader it is given.
 */
final class ProvidersSection {
  /** Azure's generally available data-plane API version, used when {@code api_version} is absent. */
  static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ProvidersSection() {}

  /**
   * Every provider in document order. A provider with errors is still returned (they are reported),
   * so models naming it don't also get a misleading "unknown provider".
   */
  static Map<String, ProviderSpec> read(NodeReader root, BreakerSpec globalBreaker) {
    Map<String, ProviderSpec> out = new LinkedHashMap<>();
    root.objectEntries("providers")
        .forEach((name, r) -> out.put(name, readOne(name, r, globalBreaker)));
    return out;
  }

  private static ProviderSpec readOne(String name, NodeReader r, BreakerSpec globalBreaker) {
    if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      // clients address unlisted models as provider/model, so the name must survive that split
      r.errorHere("provider name must not be empty or contain whitespace or '/'");
    }
    Optional<WellKnownProviders.WellKnownProvider> known = WellKnownProviders.byName(name);
    String type = readType(r, known.map(WellKnownProviders.WellKnownProvider::type).orElse("openai"));
    List<String> apiKeys = readApiKeys(r);
    BedrockSpec bedrock = type.equals("bedrock")
        ? BedrockFields.read(name, r, !apiKeys.isEmpty()) : null;
    String baseUrl = bedrock != null && r.string("base_url").filter(s -> !s.isBlank()).isEmpty()
        ? (bedrock.region().isEmpty() ? "" : bedrock.defaultBaseUrl())
        : readBaseUrl(name, type, known, r);
    String apiVersion = readApiVersion(type, r);
    Map<String, String> headers = readHeaders(r);
    BreakerSpec breaker = RoutingSection.readBreaker(r.object("circuit_breaker"), globalBreaker);
    r.rejectUnknownFields();
    return new ProviderSpec(name, type, baseUrl, apiKeys.isEmpty() ? "" : apiKeys.get(0),
        apiVersion, headers, apiKeys, breaker, bedrock);
  }

  /**
   * {@code api_key} followed by {@code api_keys}, trimmed, without empty ones and repeats. Empty
   * ones are dropped because {@code ${KEY_2:-}} is how a file leaves room for an optional key.
   */
  private static List<String> readApiKeys(NodeReader r) {
    Set<String> keys = new LinkedHashSet<>();
    // Keys pasted or read from files often carry a trailing newline; no real key has spaces.
    keys.add(r.string("api_key", "").trim());
    r.stringList("api_keys").forEach(item -> keys.add(item.value().trim()));
    keys.remove("");
    return List.copyOf(keys);
  }

  private static Map<String, String> readHeaders(NodeReader r) {
    Map<String, String> headers = r.stringMap("headers");
    headers.forEach((name, value) -> {
      if (!HEADER_NAME.matcher(name).matches()) {
        r.error("headers", "'" + name + "' is not a valid HTTP header name");
      }
      // a line break in a value would let it smuggle extra headers into upstream requests
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        r.error("headers." + name, "must not contain line breaks");
      }
    });
    return headers;
  }

  private static String readType(NodeReader r, String defaultType) {
    String type = r.string("type", defaultType).trim().toLowerCase(Locale.ROOT);
    if (!ConfigLoader.KNOWN_PROVIDER_TYPES.contains(type)) {
      r.error("type", "unknown type '" + type + "' (expected one of: "
          + ConfigLoader.KNOWN_PROVIDER_TYPES.stream().sorted().collect(Collectors.joining(", "))
          + ")");
    }
    return type;
  }

  /** Provider types that name one vendor's API, whose official address is the default. */
  private static final java.util.Set<String> SINGLE_VENDOR_TYPES =
      java.util.Set.of("anthropic", "gemini");

  private static String readBaseUrl(String name, String type,
      Optional<WellKnownProviders.WellKnownProvider> known, NodeReader r) {
    boolean written = r.present("base_url");
    Optional<String> read = r.string("base_url");
    if (written && read.isEmpty()) {
      return ""; // of the wrong type or interpolation failed: already reported
    }
    // An empty value (base_url: ${GROQ_BASE_URL:-}) means "use the default", like an absent one.
    Optional<String> given = read.filter(s -> !s.isBlank());
    String origin;
    String url;
    if (given.isPresent()) {
      origin = "";
      url = given.get();
    } else {
      Optional<String> dflt = known.filter(k -> k.type().equals(type))
          .flatMap(k -> k.defaultBaseUrl(r.env()));
      if (dflt.isEmpty() && SINGLE_VENDOR_TYPES.contains(type)) {
        // A provider of a one-vendor family under a name of its own ("claude-eu", type
        // anthropic) talks to that vendor's service unless told otherwise. Type openai means
        // "OpenAI-compatible", so there the address stays required.
        Optional<WellKnownProviders.WellKnownProvider> family = WellKnownProviders.byName(type);
        dflt = family.flatMap(k -> k.defaultBaseUrl(r.env()));
        if (dflt.isPresent()) {
          known = family;
        }
      }
      if (dflt.isEmpty()) {
        if (ConfigLoader.KNOWN_PROVIDER_TYPES.contains(type)) { // else the type error says it all
          r.error("base_url", missingBaseUrl(name, type, known));
        }
        return "";
      }
      url = dflt.get();
      String env = known.get().baseUrlEnv();
      origin = env != null && url.equals(r.env().getOrDefault(env, "").trim())
          ? " (from " + env + ")" : "";
    }
    Optional<String> normalized = normalizeBaseUrl(url);
    if (normalized.isEmpty()) {
      r.error("base_url", "must be an absolute http(s) URL, got '" + url + "'" + origin);
      return "";
    }
    return normalized.get();
  }

  private static String missingBaseUrl(
      String name, String type, Optional<WellKnownProviders.WellKnownProvider> known) {
    if (type.equals("azure")) {
      return "required for type azure (the resource endpoint, e.g. https://myres.openai.azure.com)";
    }
    if (known.isPresent()) {
      return "required: the default for '" + name + "' only applies to type " + known.get().type();
    }
    return "required: '" + name + "' is not a well-known provider (those are: "
        + WellKnownProviders.all().stream().map(WellKnownProviders.WellKnownProvider::name)
            .collect(Collectors.joining(", ")) + ")";
  }

  private static String readApiVersion(String type, NodeReader r) {
    String version = r.string("api_version", "").trim();
    if (type.equals("azure")) {
      return version.isEmpty() ? AZURE_DEFAULT_API_VERSION : version;
    }
    if (!version.isEmpty()) {
      r.error("api_version", "only applies to providers of type azure");
    }
    return "";
  }

  /**
   * {@code url} without trailing slashes if it is an absolute http(s) URL with a host and no query
   * or fragment (adapters append paths to it); empty otherwise.
   */
  static Optional<String> normalizeBaseUrl(String url) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean ok = (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null && !uri.getHost().isEmpty()
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
      return ok ? Optional.of(trimmed) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
