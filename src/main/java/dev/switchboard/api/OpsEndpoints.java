package dev.switchboard.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Operator endpoints outside the OpenAI API (circuit breakers, health views, the model catalog,
 * admin actions), answered with JSON. The edge authenticates the caller before calling
 * {@link #answer}.
 *
 * <p>Threading: called from every event loop; implementations are thread-safe.
 */
public interface OpsEndpoints {

  /** No operator endpoints. */
  OpsEndpoints NONE = new OpsEndpoints() {
    @Override
    public boolean owns(String path) {
      return false;
    }

    @Override
    public Future<Buffer> answer(HttpServerRequest req) {
      return Future.failedFuture(new IllegalStateException("no operator endpoints"));
    }
  };

  /** The first of {@code parts} that owns a path answers it. */
  static OpsEndpoints of(java.util.List<OpsEndpoints> parts) {
    java.util.List<OpsEndpoints> all = java.util.List.copyOf(parts);
    return new OpsEndpoints() {
      @Override
      public boolean owns(String path) {
        for (OpsEndpoints p : all) {
          if (p.owns(path)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public Future<Buffer> answer(HttpServerRequest req) {
        for (OpsEndpoints p : all) {
          if (p.owns(req.path())) {
            return p.answer(req);
          }
        }
        return NONE.answer(req);
      }
    };
  }

  /** Whether the path is one of these endpoints. */
  boolean owns(String path);

  /**
   * The JSON answer (status 200), or a failed future with a GatewayException (404 for an unknown
   * name, 405 for a wrong method, 400 for a bad body).
   */
  Future<Buffer> answer(HttpServerRequest req);
}
