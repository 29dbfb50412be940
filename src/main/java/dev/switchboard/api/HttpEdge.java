package dev.switchboard.api;

import dev.switchboard.observability.AccessLog;
import dev.switchboard.observability.GatewayMetrics;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.provider.Deadlines;
import dev.switchboard.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP edge: maps each path to its handler (a plain switch: no router in the hot
 * path), stamps request ids and timing headers, and turns every failure into the OpenAI error
 * envelope. Paths are served both with and without the {@code /v1} prefix.
 *
 * <p>Threading: one per event loop (deployed once per verticle instance).
 */
public final class HttpEdge implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
  private static final Buffer HEALTH = Buffer.buffer("{\"status\":\"ok\"}");
  private static final CharSequence PROMETHEUS =
      HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");
  private static final String SERVED = "/v1/chat/completions, /v1/completions, /v1/embeddings,"
      + " /v1/images/generations, /v1/messages, /v1/models, /health, /metrics";

  private final InferenceHandler inference;
  private final ModelsHandler models;
  private final Authenticator auth;
  private final MessagesHandler messages;
  private final Authenticator adminAuth;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final OpsEndpoints ops;
  private final UsageSink usageSink;

  public HttpEdge(Deadlines deadlines, EdgeSettings settings, Pipeline pipeline, Router router,
      Authenticator auth, Authenticator adminAuth, GatewayMetrics metrics, AccessLog accessLog,
      long startedEpochSeconds, OpsEndpoints ops, UsageSink usageSink) {
    this.adminAuth = adminAuth;
    this.ops = ops;
    this.usageSink = usageSink;
    this.inference = new InferenceHandler(
        new BodyReader(deadlines, settings.maxBodyBytes(), settings.bodyTimeoutMs()), pipeline);
    this.models = new ModelsHandler(router, startedEpochSeconds);
    this.messages = new MessagesHandler(
        new BodyReader(deadlines, settings.maxBodyBytes(), settings.bodyTimeoutMs()), pipeline);
    this.auth = auth;
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    String requestId = requestId(req.getHeader("x-request-id"));
    HttpServerResponse resp = req.response();
    EdgeHeaders headers = new EdgeHeaders(resp, requestId, start);
    String path = req.path();
    String apiPath = path.startsWith("/v1/") ? path.substring(3) : path;
    Endpoint endpoint = endpointFor(apiPath);
    RequestOutcome outcome = new RequestOutcome(metrics, accessLog, usageSink,
        endpoint != null ? endpoint.label() : ops.owns(path) ? "ops" : routeLabel(apiPath),
        req.method().name(), path,
        requestId, start);
    try {
      if (endpoint != null) {
        requireMethod(req, HttpMethod.POST);
        inference.handle(req, endpoint, requestId, start, outcome, headers);
      } else if (apiPath.equals("/messages") || apiPath.equals("/messages/count_tokens")) {
        requireMethod(req, HttpMethod.POST);
        messages.handle(req, apiPath.endsWith("count_tokens"), requestId, start, outcome, headers);
      } else if (apiPath.equals("/health")) {
        requireMethod(req, HttpMethod.GET, HttpMethod.HEAD);
        json(resp, HEALTH, outcome);
      } else if (apiPath.equals("/metrics")) {
        requireMethod(req, HttpMethod.GET);
        resp.putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS).end(metrics.scrape());
        outcome.finish(null, 200, null, null);
      } else if (path.equals("/v1/models") || path.equals("/v1/models/")) {
        requireMethod(req, HttpMethod.GET);
        auth.allowedModels(req.headers()).onComplete(ar -> {
          if (ar.succeeded()) {
            json(resp, models.list(ar.result()), outcome);
          } else {
            ReplyWriter.error(resp, null, GatewayException.wrap(ar.cause()), outcome);
          }
        });
      } else if (path.startsWith("/v1/models/")) {
        requireMethod(req, HttpMethod.GET);
        String id = decode(path.substring("/v1/models/".length()));
        answerAfter(auth.checkAsync(req.headers()), () -> models.one(id), resp, outcome);
      } else if (ops.owns(path)) {
        adminAuth.check(req.headers());
        ops.answer(req).onComplete(ar -> {
          if (ar.succeeded()) {
            json(resp, ar.result(), outcome);
          } else {
            ReplyWriter.error(resp, null, GatewayException.wrap(ar.cause()), outcome);
          }
        });
      } else {
        throw GatewayException.of(ErrorKind.NOT_FOUND, "Unknown path '" + path
            + "'. This gateway serves " + SERVED + ".");
      }
    } catch (GatewayException e) {
      ReplyWriter.error(resp, null, e, outcome);
    } catch (RuntimeException e) {
      LOG.error("request {} failed inside the gateway", requestId, e);
      ReplyWriter.error(resp, null, GatewayException.wrap(e), outcome);
    }
  }

  private static Endpoint endpointFor(String apiPath) {
    switch (apiPath) {
      case "/chat/completions":
        return Endpoint.CHAT;
      case "/completions":
        return Endpoint.COMPLETIONS;
      case "/embeddings":
        return Endpoint.EMBEDDINGS;
      case "/images/generations":
        return Endpoint.IMAGES;
      default:
        return null;
    }
  }

  private static String routeLabel(String apiPath) {
    if (apiPath.equals("/health") || apiPath.equals("/metrics")) {
      return apiPath.substring(1);
    }
    if (apiPath.startsWith("/messages")) {
      return "messages";
    }
    return apiPath.startsWith("/models") ? "models" : "other";
  }

  /** Answers {@code body} once {@code allowed} succeeded, or the error it (or body) failed with. */
  private static void answerAfter(Future<Void> allowed, java.util.function.Supplier<Buffer> body,
      HttpServerResponse resp, RequestOutcome outcome) {
    allowed.map(v -> body.get()).onComplete(ar -> {
      if (ar.succeeded()) {
        json(resp, ar.result(), outcome);
      } else {
        ReplyWriter.error(resp, null, GatewayException.wrap(ar.cause()), outcome);
      }
    });
  }

  private static void json(HttpServerResponse resp, Buffer body, RequestOutcome outcome) {
    resp.putHeader(HttpHeaders.CONTENT_TYPE, ReplyWriter.APPLICATION_JSON).end(body);
    outcome.finish(null, 200, null, null);
  }

  private static void requireMethod(HttpServerRequest req, HttpMethod... allowed) {
    for (HttpMethod m : allowed) {
      if (m.equals(req.method())) {
        return;
      }
    }
    StringBuilder names = new StringBuilder();
    for (HttpMethod m : allowed) {
      names.append(names.length() == 0 ? "" : ", ").append(m.name());
    }
    req.response().putHeader(HttpHeaders.ALLOW, names.toString());
    throw GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED, "Method " + req.method().name()
        + " is not allowed on " + req.path() + "; use " + names + ".");
  }

  /** Percent-decodes a path segment (SDKs encode the '/' of {@code provider/model}). */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("model", "The model id in the path is not validly encoded.");
    }
  }

  /** The client's id if it is sane (≤ 128 visible ASCII characters), else a fresh one. */
  static String requestId(String given) {
    if (given != null && !given.isEmpty() && given.length() <= 128) {
      boolean ok = true;
      for (int i = 0; i < given.length() && ok; i++) {
        char c = given.charAt(i);
        ok = c > 32 && c < 127;
      }
      if (ok) {
        return given;
      }
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "req_" + Long.toHexString(r.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }
}
