package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the inference endpoints (chat, completions, embeddings, images): reads and checks the
 * body, builds the {@link Exchange}, runs the {@link Pipeline}, and writes the reply.
 *
 * <p>Threading: one per event loop; every request stays on the loop that received it.
 */
final class InferenceHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceHandler.class);

  private final BodyReader bodyReader;
  private final Pipeline pipeline;

  InferenceHandler(BodyReader bodyReader, Pipeline pipeline) {
    this.bodyReader = bodyReader;
    this.pipeline = pipeline;
  }

  void handle(HttpServerRequest req, Endpoint endpoint, String requestId, long start,
      RequestOutcome outcome, EdgeHeaders headers) {
    HttpServerResponse resp = req.response();
    bodyReader.read(req).onComplete(ar -> {
      if (ar.failed()) {
        ReplyWriter.error(resp, null, GatewayException.wrap(ar.cause()), outcome);
        return;
      }
      Exchange ex;
      try {
        ObjectNode body = parse(ar.result());
        RequestValidator.validate(endpoint, body);
        ex = new Exchange(requestId, endpoint, req.headers(), body, ar.result(), start);
      } catch (GatewayException e) {
        ReplyWriter.error(resp, null, e, outcome);
        return;
      }
      headers.exchange(ex);
      resp.closeHandler(v -> {
        if (!resp.ended()) {
          ex.cancel();
        }
      });
      pipeline.execute(ex).onComplete(r -> {
        if (r.failed()) {
          GatewayException e = GatewayException.wrap(r.cause());
          if (e.kind() == ErrorKind.INTERNAL) {
            LOG.error("request {} failed inside the gateway", requestId, r.cause());
          }
          ReplyWriter.error(resp, ex, e, outcome);
        } else if (ex.cancelled()) {
          cancelLate(r.result(), ex, outcome);
        } else if (r.result() instanceof Reply.Streaming s) {
          ReplyWriter.stream(resp, ex, s, outcome);
        } else {
          ReplyWriter.complete(resp, ex, (Reply.Complete) r.result(), outcome);
        }
      });
    });
  }

  private static void cancelLate(Reply reply, Exchange ex, RequestOutcome outcome) {
    if (reply instanceof Reply.Streaming s) {
      s.chunks().cancel();
    }
    reply.usage().onComplete(u -> outcome.finish(ex, 499, u.result(), "client_closed"));
  }

  static ObjectNode parse(Buffer raw) {
    if (raw.length() == 0) {
      throw GatewayException.of(ErrorKind.INVALID_REQUEST,
          "The request body is empty; send a JSON object.");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw.getBytes());
    } catch (JsonProcessingException e) {
      throw GatewayException.of(ErrorKind.INVALID_REQUEST, "The request body is not valid JSON: "
          + e.getOriginalMessage() + location(e));
    } catch (IOException e) {
      throw GatewayException.of(ErrorKind.INVALID_REQUEST,
          "The request body could not be read as JSON.");
    }
    if (node == null || !node.isObject()) {
      throw GatewayException.of(ErrorKind.INVALID_REQUEST,
          "The request body must be a JSON object.");
    }
    return (ObjectNode) node;
  }

  private static String location(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
        + ")";
  }
}
