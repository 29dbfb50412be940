package dev.switchboard.policy.cache;

import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * What the client asked of the cache in its request headers: {@code Cache-Control} ({@code
 * no-store}: neither read nor write; {@code no-cache}: do not read, but store the fresh answer;
 * {@code max-age=N}: accept only an answer stored less than N seconds ago) and
 * {@code X-Switchboard-Cache: on|off} (opt this request in or out). Immutable.
 *
 * @param optIn the request asked for the cache ({@code X-Switchboard-Cache: on})
 * @param optOut the request refused the cache ({@code X-Switchboard-Cache: off})
 * @param read whether a stored answer may be served
 * @param write whether the answer may be stored
 * @param maxAgeMillis the oldest acceptable answer, or -1 for any within the TTL
 */
record RequestDirectives(boolean optIn, boolean optOut, boolean read, boolean write,
    long maxAgeMillis) {
  /** The opt-in header, also the response header that says hit or miss. */
  static final String HEADER = "X-Switchboard-Cache";

  private static final RequestDirectives NONE = new RequestDirectives(false, false, true, true, -1);

  /** The directives of a request's headers. */
  static RequestDirectives of(MultiMap headers) {
    String opt = headers.get(HEADER);
    String control = headers.get("Cache-Control");
    if (opt == null && control == null) {
      return NONE;
    }
    boolean on = false;
    boolean off = false;
    if (opt != null) {
      String v = opt.trim().toLowerCase(Locale.ROOT);
      on = v.equals("on") || v.equals("true") || v.equals("1");
      off = v.equals("off") || v.equals("false") || v.equals("0");
    }
    boolean read = true;
    boolean write = true;
    long maxAge = -1;
    if (control != null) {
      for (String part : control.split(",")) {
        String d = part.trim().toLowerCase(Locale.ROOT);
        if (d.equals("no-store")) {
          read = false;
          write = false;
        } else if (d.equals("no-cache")) {
          read = false;
        } else if (d.startsWith("max-age=")) {
          maxAge = seconds(d.substring(8), maxAge);
        }
      }
    }
    return new RequestDirectives(on, off, read, write, maxAge);
  }

  /** A malformed max-age is ignored, as HTTP caches do, rather than failing the request. */
  private static long seconds(String text, long otherwise) {
    try {
      long s = Long.parseLong(text.trim().replace("\"", ""));
      return s < 0 ? otherwise : Math.multiplyExact(s, 1000L);
    } catch (NumberFormatException | ArithmeticException e) {
      return otherwise;
    }
  }
}
