package dev.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.SseParser;
import dev.switchboard.provider.StreamDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an OpenAI-compatible SSE stream: each {@code data:} payload already is a canonical chunk
 * and is passed on as it came. It learns the final usage from the usage chunk, drops that chunk
 * again when only the gateway (not the client) asked for it, and turns in-stream error events and
 * truncated streams into failures.
 *
 * <p>Threading: one instance per stream, confined to its event loop.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
  private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FINISH = "\"finish_reason\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FINISH_SPACED =
      "\"finish_reason\": \"".getBytes(StandardCharsets.US_ASCII);

  private final boolean clientWantsUsage;
  private final SseParser parser = new SseParser();
  private Usage usage = Usage.UNKNOWN;
  private boolean done;
  private boolean sawFinish;
  private Handler<Buffer> out;
  private final Handler<SseParser.Event> onEvent = this::onEvent;

  OpenAiStreamDecoder(boolean clientWantsUsage) {
    this.clientWantsUsage = clientWantsUsage;
  }

  @Override
  public void feed(Buffer bytes, Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    parser.feed(bytes, onEvent);
  }

  private void onEvent(SseParser.Event event) {
    Buffer data = event.data();
    if (done) {
      return;
    }
    if (data.length() == 6 && "[DONE]".equals(data.toString())) {
      done = true;
      return;
    }
    if ("error".equals(event.event()) || startsWithErrorField(data)) {
      throw streamError(data);
    }
    if (!sawFinish && (Json.contains(data, FINISH) || Json.contains(data, FINISH_SPACED))) {
      sawFinish = true;
    }
    if (Json.hasObjectField(data, USAGE)) {
      Usage u = Json.openAiUsage(data);
      if (u.reported()) {
        usage = u;
        JsonNode choices = Json.topLevelField(data, "choices");
        boolean usageOnly = choices == null || (choices.isArray() && choices.isEmpty());
        if (usageOnly && !clientWantsUsage) {
          return;
        }
      }
    }
    out.handle(data);
  }

  private static boolean startsWithErrorField(Buffer data) {
    int i = 0;
    int n = data.length();
    while (i < n && data.getByte(i) != '{') {
      i++;
    }
    i++;
    while (i < n && Character.isWhitespace(data.getByte(i))) {
      i++;
    }
    if (i + ERROR.length > n) {
      return false;
    }
    for (int j = 0; j < ERROR.length; j++) {
      if (data.getByte(i + j) != ERROR[j]) {
        return false;
      }
    }
    return true;
  }

  private static GatewayException streamError(Buffer data) {
    JsonNode err = Json.topLevelField(data, "error");
    String msg = err == null ? Json.excerpt(data, 300) : err.path("message").asText("unknown");
    return GatewayException.builder(ErrorKind.UPSTREAM_ERROR,
            "The provider reported an error in the middle of the stream: " + msg)
        .upstreamBody(Json.excerpt(data, 2000)).build();
  }

  @Override
  public void finish(Handler<Buffer> chunkOut) {
    this.out = chunkOut;
    if (!done && !sawFinish) {
      throw GatewayException.of(ErrorKind.UPSTREAM_ERROR,
          "The provider ended the stream before it was complete (no finish_reason and no [DONE]).");
    }
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
