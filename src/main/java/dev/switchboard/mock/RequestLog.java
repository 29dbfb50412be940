package dev.switchboard.mock;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded ring buffer of the most recent data-path requests.
 *
 * <p>Lock-free and safe to use from every event loop at once. Recording keeps references to the
 * request's headers and body and converts them only when someone reads the log, so the hot path
 * pays one atomic increment and one array store.
 */
final class RequestLog {

  /** Raw capture; converted to a {@link RecordedRequest} only when read. */
  private record Entry(
      long seq, String method, String path, String query, MultiMap headers, Buffer body) {}

  private final AtomicReferenceArray<Entry> slots;
  private final AtomicLong next = new AtomicLong();
  /** Entries with a sequence number below this are hidden: the cheapest way to "clear". */
  private volatile long clearedBefore;

  RequestLog(int capacity) {
    slots = new AtomicReferenceArray<>(capacity);
  }

  void add(String method, String path, String query, MultiMap headers, Buffer body) {
    long seq = next.getAndIncrement();
    slots.set((int) (seq % slots.length()), new Entry(seq, method, path, query, headers, body));
  }

  void clear() {
    clearedBefore = next.get();
  }

  /** Snapshot, oldest first. Writers racing with the read may make the newest entries missing. */
  List<RecordedRequest> snapshot() {
    long floor = clearedBefore;
    List<Entry> entries = new ArrayList<>(slots.length());
    for (int i = 0; i < slots.length(); i++) {
      Entry e = slots.get(i);
      if (e != null && e.seq >= floor) {
        entries.add(e);
      }
    }
    entries.sort(Comparator.comparingLong(Entry::seq));
    List<RecordedRequest> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(new RecordedRequest(e.method, e.path, e.query, lowerCase(e.headers), bodyText(e.body)));
    }
    return out;
  }

  private static Map<String, String> lowerCase(MultiMap headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : headers.names()) {
      out.putIfAbsent(name.toLowerCase(Locale.ROOT), String.join(", ", headers.getAll(name)));
    }
    return out;
  }

  private static String bodyText(Buffer body) {
    return body == null ? "" : body.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
