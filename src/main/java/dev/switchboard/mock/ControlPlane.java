package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The simulator's own endpoints: {@code GET /health}, {@code GET|PUT /mock/behavior},
 * {@code GET|DELETE /mock/requests} and {@code GET /mock/images/*.png} (the files behind image
 * URLs). Anything else is OpenAI's 404 envelope.
 *
 * <p>One instance per event loop; all state lives in the shared {@link MockState}. No API key is
 * required here: tests steer the simulator without knowing what key it demands.
 */
final class ControlPlane {

  private final MockState state;

  ControlPlane(MockState state) {
    this.state = state;
  }

  void handle(HttpServerRequest request, Buffer body) {
    String path = request.path();
    HttpMethod method = request.method();
    HttpServerResponse response = request.response();
    try {
      switch (path) {
        case "/health" -> {
          allow(request, HttpMethod.GET);
          json(response, 200, Buffer.buffer("{\"status\":\"ok\"}"));
        }
        case "/mock/behavior" -> {
          if (method == HttpMethod.PUT) {
            updateBehavior(response, body);
          } else {
            allow(request, HttpMethod.GET, HttpMethod.PUT);
            json(response, 200, toJson(state.behavior.get()));
          }
        }
        case "/mock/requests" -> {
          if (method == HttpMethod.DELETE) {
            state.log.clear();
            response.setStatusCode(204).end();
          } else {
            allow(request, HttpMethod.GET, HttpMethod.DELETE);
            json(response, 200, toJson(state.log.snapshot()));
          }
        }
        default -> {
          if (path.startsWith("/mock/images/") && path.endsWith(".png")) {
            allow(request, HttpMethod.GET);
            response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.IMAGE_PNG);
            response.end(ImagesResponder.pngBuffer());
          } else {
            throw MockErrors.invalidUrl(method.name(), path);
          }
        }
      }
    } catch (MockApiException e) {
      MockErrors.send(response, e);
    }
  }

  private void updateBehavior(HttpServerResponse response, Buffer body) {
    var patch = MockJson.parse(body);
    MockBehavior updated;
    try {
      // A lost race between two concurrent PUTs merges onto the newer value, never onto a stale one.
      updated = state.behavior.updateAndGet(current -> current.merge(patch, MockJson.MAPPER));
    } catch (IllegalArgumentException e) {
      throw MockErrors.invalid("Invalid behaviour: " + e.getMessage(), null, null);
    }
    json(response, 200, toJson(updated));
  }

  private static void allow(HttpServerRequest request, HttpMethod... methods) {
    for (HttpMethod m : methods) {
      if (request.method() == m) {
        return;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (HttpMethod m : methods) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(m.name());
    }
    request.response().putHeader(MockHttp.ALLOW, allowed.toString());
    throw MockErrors.methodNotAllowed(request.method().name(), request.path());
  }

  private static void json(HttpServerResponse response, int status, Buffer body) {
    response.setStatusCode(status);
    response.putHeader(MockHttp.CONTENT_TYPE, MockHttp.APPLICATION_JSON);
    response.end(body);
  }

  private static Buffer toJson(Object value) {
    try {
      return Buffer.buffer(MockJson.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
