package dev.switchboard.provider;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental parser of a Server-Sent Events byte stream (WHATWG rules): splits events at blank
 * lines, joins multi-line {@code data:} fields with newlines, accepts LF, CRLF and CR line ends, and
 * ignores comments. Network reads may cut anywhere, including inside a line or a UTF-8 character.
 *
 * <p>Threading: one instance per stream, not thread-safe.
 */
public final class SseParser {

  /** One complete event. {@code event} is null when the stream named none. */
  public record Event(String event, Buffer data) {}

  private Buffer pending = Buffer.buffer();
  private String eventName;
  private Buffer data;
  private boolean lastWasCr;

  /** Feeds bytes and emits every event completed by them. */
  public void feed(Buffer bytes, Handler<Event> out) {
    Buffer buf = pending.length() == 0 ? bytes : pending.appendBuffer(bytes);
    int len = buf.length();
    int lineStart = 0;
    for (int i = 0; i < len; i++) {
      byte b = buf.getByte(i);
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        lineStart = i + 1;
        continue;
      }
      lastWasCr = false;
      if (b == '\n' || b == '\r') {
        lastWasCr = b == '\r';
        line(buf, lineStart, i, out);
        lineStart = i + 1;
      }
    }
    pending = lineStart >= len ? Buffer.buffer() : buf.getBuffer(lineStart, len);
  }

  private void line(Buffer buf, int start, int end, Handler<Event> out) {
    if (start == end) {
      dispatch(out);
      return;
    }
    if (buf.getByte(start) == ':') {
      return;
    }
    int colon = -1;
    for (int i = start; i < end; i++) {
      if (buf.getByte(i) == ':') {
        colon = i;
        break;
      }
    }
    int fieldEnd = colon < 0 ? end : colon;
    int valueStart = colon < 0 ? end : colon + 1;
    if (valueStart < end && buf.getByte(valueStart) == ' ') {
      valueStart++;
    }
    String field = buf.getString(start, fieldEnd, "US-ASCII");
    if ("data".equals(field)) {
      if (data == null) {
        data = buf.getBuffer(valueStart, end);
      } else {
        data.appendByte((byte) '\n').appendBuffer(buf.getBuffer(valueStart, end));
      }
    } else if ("event".equals(field)) {
      eventName = new String(buf.getBytes(valueStart, end), StandardCharsets.UTF_8);
    }
  }

  private void dispatch(Handler<Event> out) {
    if (data != null) {
      Event e = new Event(eventName, data);
      data = null;
      eventName = null;
      out.handle(e);
    } else {
      eventName = null;
    }
  }
}
