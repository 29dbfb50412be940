package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's request handler: dispatches on the path with a plain switch (no router library on
 * the benchmark path), records data-path requests, checks the API key, resolves the behaviour and
 * hands a validated {@link Reply} to {@link ReplyDelivery}. The {@code /mock/*} control plane and
 * {@code /health} go to {@link ControlPlane}.
 *
 * <p>One instance per event loop; it keeps no per-request state of its own.
 */
final class MockRouter implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(MockRouter.class);
  private static final String AZURE_PREFIX = "/openai/deployments/";
  private static final String GEMINI_PREFIX = "/v1beta/models";
  private static final CharSequence ANTHROPIC_REQUEST_ID =
      HttpHeaders.createOptimized("request-id");

  /** The data endpoints; Azure's deployment paths map onto the same four POST ones. */
  enum Endpoint {
    CHAT, COMPLETIONS, EMBEDDINGS, IMAGES, MODELS, MODEL, MESSAGES, COUNT_TOKENS,
    GEMINI_GENERATE, GEMINI_STREAM, GEMINI_MODELS, GEMINI_MODEL;

    HttpMethod method() {
      return this == MODELS || this == MODEL || this == GEMINI_MODELS || this == GEMINI_MODEL
          ? HttpMethod.GET
          : HttpMethod.POST;
    }

    /** Google's Gemini API: key in {@code x-goog-api-key} or {@code ?key=}, Google's envelope. */
    boolean google() {
      return this == GEMINI_GENERATE || this == GEMINI_STREAM || this == GEMINI_MODELS
          || this == GEMINI_MODEL;
    }

    /** Anthropic's Messages API: its own auth headers and error envelope. */
    boolean anthropic() {
      return this == MESSAGES || this == COUNT_TOKENS;
    }
  }

  private final Vertx vertx;
  private final MockState state;
  private final ControlPlane controlPlane;

  MockRouter(Vertx vertx, MockState state) {
    this.vertx = vertx;
    this.state = state;
    this.controlPlane = new ControlPlane(state);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/v1/")) {
      request.body().onSuccess(body -> data(request, body, path, openAiEndpoint(path), null));
    } else if (path.startsWith(GEMINI_PREFIX)) {
      String rest = path.substring(GEMINI_PREFIX.length());
      int colon = rest.lastIndexOf(':');
      // "/{model}" or "/{model}:{method}"; anything else (even "/v1beta/models:x") has no model.
      String model = !rest.startsWith("/") ? null
          : rest.substring(1, colon < 0 ? rest.length() : colon);
      Endpoint endpoint = geminiEndpoint(rest, colon, model);
      request.body().onSuccess(body -> data(request, body, path, endpoint, model));
    } else if (path.startsWith(BedrockResponder.PREFIX)) {
      request.body().onSuccess(body -> bedrock(request, body, path));
    } else if (path.startsWith(AZURE_PREFIX)) {
      int slash = path.indexOf('/', AZURE_PREFIX.length());
      String deployment = slash < 0 ? null : path.substring(AZURE_PREFIX.length(), slash);
      Endpoint endpoint = slash < 0 ? null : azureEndpoint(path.substring(slash + 1));
      request.body().onSuccess(body -> data(request, body, path, endpoint, deployment));
    } else {
      request.body().onSuccess(body -> controlPlane.handle(request, body));
    }
  }

  /** Amazon Bedrock's Converse API: SigV4-signed, its own errors and event-stream framing. */
  private void bedrock(HttpServerRequest request, Buffer body, String path) {
    request.response().putHeader("x-amzn-RequestId", MockHttp.requestId());
    if (state.options.record()) {
      state.log.add(request.method().name(), path, request.query(), request.headers(), body);
    }
    try {
      BedrockResponder.handle(vertx, request, body, state);
    } catch (RuntimeException e) {
      LOG.error("simulator failed on {} {}", request.method(), path, e);
      BedrockErrors.send(request.response(), BedrockErrors.forStatus(500, -1));
    }
  }

  private static Endpoint openAiEndpoint(String path) {
    return switch (path) {
      case "/v1/chat/completions" -> Endpoint.CHAT;
      case "/v1/completions" -> Endpoint.COMPLETIONS;
      case "/v1/embeddings" -> Endpoint.EMBEDDINGS;
      case "/v1/images/generations" -> Endpoint.IMAGES;
      case "/v1/messages" -> Endpoint.MESSAGES;
      case "/v1/messages/count_tokens" -> Endpoint.COUNT_TOKENS;
      case "/v1/models" -> Endpoint.MODELS;
      default -> path.startsWith("/v1/models/") && path.length() > "/v1/models/".length()
          ? Endpoint.MODEL
          : null;
    };
  }

  /**
   * {@code rest} is the path after {@code /v1beta/models}: empty for the list, else
   * {@code /{model}} or {@code /{model}:{method}}.
   */
  private static Endpoint geminiEndpoint(String rest, int colon, String model) {
    if (rest.isEmpty()) {
      return Endpoint.GEMINI_MODELS;
    }
    if (model == null || model.isEmpty() || model.indexOf('/') >= 0) {
      return null;
    }
    if (colon < 0) {
      return Endpoint.GEMINI_MODEL;
    }
    return switch (rest.substring(colon + 1)) {
      case "generateContent" -> Endpoint.GEMINI_GENERATE;
      case "streamGenerateContent" -> Endpoint.GEMINI_STREAM;
      default -> null;
    };
  }

  private static Endpoint azureEndpoint(String rest) {
    return switch (rest) {
      case "chat/completions" -> Endpoint.CHAT;
      case "completions" -> Endpoint.COMPLETIONS;
      case "embeddings" -> Endpoint.EMBEDDINGS;
      case "images/generations" -> Endpoint.IMAGES;
      default -> null;
    };
  }

  /**
   * A request on {@code /v1/...}, on Azure's paths ({@code deployment} is the deployment) or on
   * Gemini's ({@code deployment} is the model named in the URL).
   */
  private void data(
      HttpServerRequest request, Buffer body, String path, Endpoint endpoint, String deployment) {
    HttpServerResponse response = request.response();
    response.putHeader(MockHttp.REQUEST_ID, MockHttp.requestId());
    if (state.options.record()) {
      state.log.add(request.method().name(), path, request.query(), request.headers(), body);
    }
    boolean azure = path.startsWith(AZURE_PREFIX);
    boolean anthropic = endpoint != null && endpoint.anthropic();
    boolean google = endpoint == null ? path.startsWith(GEMINI_PREFIX) : endpoint.google();
    if (anthropic) {
      response.putHeader(ANTHROPIC_REQUEST_ID, MockHttp.requestId());
    }
    try {
      if (endpoint == null || (azure && deployment.isEmpty())) {
        throw azure ? MockErrors.azureNotFound() : MockErrors.invalidUrl(request.method().name(), path);
      }
      if (request.method() != endpoint.method()) {
        response.putHeader(MockHttp.ALLOW, endpoint.method().name());
        throw MockErrors.methodNotAllowed(request.method().name(), path);
      }
      if (azure && request.getParam("api-version") == null) {
        throw MockErrors.azureNotFound();
      }
      if (anthropic) {
        authenticateAnthropic(request);
      } else if (google) {
        authenticateGoogle(request);
      } else {
        authenticate(request, azure);
      }
      MockBehavior behavior = BehaviorResolver.resolve(state.behavior.get(), request.headers());
      Reply reply = prepare(request, body, endpoint, deployment, behavior);
      ReplyDelivery.deliver(vertx, request, behavior, reply, state.abortedStreams);
    } catch (MockApiException e) {
      MockErrors.send(response, anthropic ? AnthropicErrors.translate(e)
          : google ? GeminiErrors.translate(e) : e);
    } catch (RuntimeException e) {
      LOG.error("simulator failed on {} {}", request.method(), path, e);
      MockErrors.send(response, anthropic ? AnthropicErrors.serverError(500)
          : google ? GeminiErrors.serverError(500) : MockErrors.serverError());
    }
  }

  /**
   * Anthropic's key travels in {@code x-api-key}, or as a bearer token: the official Java SDK
   * (3.12) sends its API key that way. {@code anthropic-version} is mandatory either way.
   */
  private void authenticateAnthropic(HttpServerRequest request) {
    String required = state.options.requiredApiKey();
    String auth = request.getHeader("Authorization");
    String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).trim()
        : null;
    if (required != null && !required.equals(request.getHeader("x-api-key"))
        && !required.equals(bearer)) {
      throw AnthropicErrors.badApiKey();
    }
    if (request.getHeader("anthropic-version") == null) {
      throw AnthropicErrors.missingVersion();
    }
  }

  /** Gemini's key travels in {@code x-goog-api-key} or in the {@code key} query parameter. */
  private void authenticateGoogle(HttpServerRequest request) {
    String required = state.options.requiredApiKey();
    if (required == null) {
      return;
    }
    String key = request.getHeader("x-goog-api-key");
    if (key == null) {
      key = request.getParam("key");
    }
    if (key == null || key.isEmpty()) {
      throw GeminiErrors.missingApiKey();
    }
    if (!required.equals(key)) {
      throw GeminiErrors.badApiKey();
    }
  }

  private void authenticate(HttpServerRequest request, boolean azure) {
    String required = state.options.requiredApiKey();
    if (required == null) {
      return;
    }
    if (azure) {
      if (!required.equals(request.getHeader("api-key"))) {
        throw MockErrors.azureUnauthorized();
      }
      return;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw MockErrors.missingApiKey();
    }
    String key = auth.substring(7).trim();
    if (!required.equals(key)) {
      throw MockErrors.wrongApiKey(key);
    }
  }

  private Reply prepare(
      HttpServerRequest request,
      Buffer body,
      Endpoint endpoint,
      String deployment,
      MockBehavior behavior) {
    if (endpoint == Endpoint.MODELS) {
      return Reply.json(null, state.models::list);
    }
    if (endpoint == Endpoint.GEMINI_MODELS) {
      return GeminiResponder.listModels();
    }
    if (endpoint == Endpoint.GEMINI_MODEL) {
      return GeminiResponder.getModel(deployment);
    }
    if (endpoint == Endpoint.MODEL) {
      String id = request.path().substring("/v1/models/".length());
      Buffer model = state.models.retrieve(id);
      return Reply.json(id, () -> model);
    }
    JsonNode json = MockJson.parse(body);
    if (json == null) {
      json = MockJson.MAPPER.createObjectNode(); // an empty body fails like a body without fields
    } else if (!json.isObject()) {
      throw MockErrors.invalidJson();
    }
    Reply reply = switch (endpoint) {
      case CHAT -> ChatResponder.prepare(json, deployment, behavior);
      case COMPLETIONS -> CompletionsResponder.prepare(json, deployment, behavior);
      case EMBEDDINGS -> EmbeddingsResponder.prepare(json, deployment);
      case IMAGES -> ImagesResponder.prepare(json, deployment, origin(request));
      case MESSAGES -> AnthropicResponder.prepare(json, behavior, state.promptCache);
      case COUNT_TOKENS -> AnthropicResponder.countTokens(json);
      case GEMINI_GENERATE -> GeminiResponder.prepare(
          deployment, json, GeminiResponder.Mode.JSON, behavior);
      case GEMINI_STREAM -> GeminiResponder.prepare(deployment, json,
          "sse".equals(request.getParam("alt"))
              ? GeminiResponder.Mode.SSE
              : GeminiResponder.Mode.JSON_ARRAY,
          behavior);
      default -> throw new IllegalStateException("unhandled endpoint " + endpoint);
    };
    state.models.noteUsed(reply.model());
    return reply;
  }

  /** {@code http://host:port} as the client addressed this server, for image URLs. */
  private String origin(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority != null) {
      String host = authority.host();
      host = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      return "http://" + host + (authority.port() > 0 ? ":" + authority.port() : "");
    }
    return "http://127.0.0.1:" + state.port();
  }
}
