package dev.switchboard.provider;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Maps transport failures (refused connections, timeouts, closed connections) to
 * {@link GatewayException}s that say which provider failed and how. Stateless.
 */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static GatewayException map(Throwable t, UpstreamTarget target, boolean timedOut) {
    if (t instanceof GatewayException ge) {
      return ge;
    }
    String who = "provider '" + target.provider() + "' at " + target.host() + ":" + target.port();
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (timedOut || t instanceof TimeoutException || msg.toLowerCase().contains("timeout")
        || msg.toLowerCase().contains("timed out")) {
      return GatewayException.builder(ErrorKind.UPSTREAM_TIMEOUT,
          "No answer in time from " + who + ". Try again, or raise upstream timeouts.").cause(t)
          .build();
    }
    if (t instanceof ConnectException || msg.contains("Connection refused")) {
      return GatewayException.builder(ErrorKind.UPSTREAM_UNAVAILABLE,
          "Could not connect to " + who + " (" + msg + ").").cause(t).build();
    }
    if (t instanceof UnknownHostException) {
      return GatewayException.builder(ErrorKind.UPSTREAM_UNAVAILABLE,
          "Cannot resolve the host of " + who + ".").cause(t).build();
    }
    if (t instanceof HttpClosedException || msg.contains("closed")) {
      return GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
          "The connection to " + who + " closed before the answer was complete.").cause(t).build();
    }
    return GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
        "Request to " + who + " failed: " + msg).cause(t).build();
  }
}
