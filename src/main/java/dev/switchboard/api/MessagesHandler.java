package dev.switchboard.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.anthropic.MessagesEvents;
import dev.switchboard.api.anthropic.MessagesRequest;
import dev.switchboard.api.anthropic.MessagesResponse;
import dev.switchboard.governance.limits.TokenEstimator;
import dev.switchboard.pipeline.ChunkStream;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.anthropic.AnthropicPassThrough;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Serves the Anthropic-compatible API — {@code POST /v1/messages} and
 * {@code POST /v1/messages/count_tokens} — on every configured model: the request is translated
 * to the canonical OpenAI form, runs through the same pipeline (auth with {@code x-api-key},
 * limits, routing, failover), and the answer is translated back, as JSON or as Anthropic's event
 * stream, with errors in Anthropic's envelope. The original request rides along for Anthropic
 * deployments, which receive it untranslated.
 *
 * <p>Threading: one per event loop; a request stays on the loop that received it.
 */
final class MessagesHandler {
  private static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private final BodyReader bodyReader;
  private final Pipeline pipeline;

  MessagesHandler(BodyReader bodyReader, Pipeline pipeline) {
    this.bodyReader = bodyReader;
    this.pipeline = pipeline;
  }

  void handle(HttpServerRequest req, boolean countTokens, String requestId, long start,
      RequestOutcome outcome, EdgeHeaders headers) {
    HttpServerResponse resp = req.response();
    bodyReader.read(req).onComplete(ar -> {
      if (ar.failed()) {
        error(resp, null, GatewayException.wrap(ar.cause()), outcome);
        return;
      }
      ObjectNode anthropic;
      ObjectNode canonical;
      try {
        anthropic = InferenceHandler.parse(ar.result());
        canonical = MessagesRequest.toOpenAi(anthropic, countTokens);
      } catch (GatewayException e) {
        error(resp, null, e, outcome);
        return;
      }
      if (countTokens) {
        ObjectNode n = Json.MAPPER.createObjectNode()
            .put("input_tokens", Tokens.ESTIMATOR.promptTokens(canonical));
        resp.putHeader(HttpHeaders.CONTENT_TYPE, ReplyWriter.APPLICATION_JSON)
            .end(Buffer.buffer(n.toString()));
        outcome.finish(null, 200, null, null);
        return;
      }
      Exchange ex = new Exchange(requestId, Endpoint.CHAT, req.headers(), canonical,
          Buffer.buffer(), start);
      ex.markBodyChanged();
      // An Anthropic deployment gets the request as written; other providers the translation.
      ex.attribute(AnthropicPassThrough.KEY, new AnthropicPassThrough(anthropic, ex.bodyVersion()));
      headers.exchange(ex);
      resp.closeHandler(v -> {
        if (!resp.ended()) {
          ex.cancel();
        }
      });
      String model = anthropic.get("model").asText();
      pipeline.execute(ex).onComplete(r -> {
        if (r.failed()) {
          error(resp, ex, GatewayException.wrap(r.cause()), outcome);
        } else if (r.result() instanceof Reply.Streaming s) {
          stream(resp, ex, s, model, outcome);
        } else {
          Reply.Complete c = (Reply.Complete) r.result();
          ex.commit();
          resp.putHeader(HttpHeaders.CONTENT_TYPE, ReplyWriter.APPLICATION_JSON)
              .end(MessagesResponse.fromOpenAi(c.body(), model));
          outcome.finish(ex, 200, c.finalUsage(), null);
        }
      });
    });
  }

  private static void stream(HttpServerResponse resp, Exchange ex, Reply.Streaming reply,
      String model, RequestOutcome outcome) {
    ChunkStream chunks = reply.chunks();
    ex.commit();
    resp.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    EventWrites writes = new EventWrites(resp, chunks, Vertx.currentContext());
    MessagesEvents events = new MessagesEvents(model, writes::write);
    ex.onCancel(() -> {
      chunks.cancel();
      reply.usage().onComplete(u -> outcome.finish(ex, 499, u.result(), "client_closed"));
    });
    chunks.exceptionHandler(t -> {
      GatewayException e = GatewayException.wrap(t);
      writes.end(MessagesEvents.error(e));
      reply.usage().onComplete(u -> outcome.finish(ex, 200, u.result(), e.kind().code()));
    });
    chunks.endHandler(v -> {
      events.end();
      writes.end(Buffer.buffer());
      reply.usage().onComplete(u -> outcome.finish(ex, 200, u.result(), null));
    });
    chunks.handler(events::chunk);
  }

  private static void error(HttpServerResponse resp, Exchange ex, GatewayException e,
      RequestOutcome outcome) {
    if (!resp.ended() && !resp.closed()) {
      resp.setStatusCode(e.status());
      resp.putHeader(HttpHeaders.CONTENT_TYPE, ReplyWriter.APPLICATION_JSON);
      if (e.retryAfter() != null) {
        resp.putHeader("Retry-After", e.retryAfter());
      }
      resp.end(MessagesResponse.error(e));
    }
    outcome.finish(ex, e.status(), null, e.kind().code());
  }

  /** The tokenizer, loaded on first use of count_tokens only (it takes a while to load). */
  private static final class Tokens {
    static final TokenEstimator ESTIMATOR = new TokenEstimator();
  }
}
