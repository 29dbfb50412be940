import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Streaming (SSE) benchmarks of the gateway against a direct upstream. Subcommands:
 *
 * <ul>
 * <li>{@code ttft}: interleaved pairs (ABBA) over one keep-alive connection per side; time to the
 * first {@code data:} event and to the end of the stream, per side and per pair.
 * <li>{@code gaps}: a few slow streams (fixed chunk interval) per side, run sequentially; every
 * gap between consecutive data events of one stream, and the TTFT.
 * <li>{@code capacity}: N concurrent streams (one virtual thread and one connection each,
 * connects ramped over ~1 s); how many complete with exactly the expected number of events.
 * </ul>
 *
 * An event's arrival time is System.nanoTime() right after the read() call that delivered the
 * blank line ending it; events completed by the same read() after another one count as
 * "batched". Results go to stdout as fixed key=value lines (µs with one decimal unless the key
 * says otherwise); progress and error details go to stderr.
 *
 * <pre>
 * java -XX:+UseSerialGC -cp HdrHistogram-2.2.2.jar bench/StreamBench.java ttft \
 *   --direct URL --gateway URL --direct-body F --gateway-body F [--pairs 1000] [--warmup 500]
 * ... gaps --direct URL --gateway URL --direct-body F --gateway-body F [--streams 6] [--warmup 1]
 * ... capacity --url URL --body F [--concurrency 1000] --expect-events N [--timeout-s 30] [--ramp-ms 1000]
 * common: [--header "Name: value"]... [--timeout-s S] (per read, for ttft/gaps)
 * </pre>
 *
 * Exit status: 0 when results were printed (errors, if any, are in the output), 1 when nothing
 * could be measured or the run was aborted after too many consecutive errors, 2 on bad arguments.
 */
public class StreamBench {

    static final long HIGHEST_NS = 3_600_000_000_000L; // 1 h
    static final int MAX_CONSECUTIVE_ERRORS = 50;
    static final String USAGE = """
            usage: StreamBench ttft --direct URL --gateway URL --direct-body F --gateway-body F [--pairs N] [--warmup N]
                   StreamBench gaps --direct URL --gateway URL --direct-body F --gateway-body F [--streams N] [--warmup N]
                   StreamBench capacity --url URL --body F --concurrency N --expect-events N [--timeout-s S] [--ramp-ms MS]
                   common: [--header 'Name: value']... [--timeout-s S]""";
    static int errorsShown;

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) Args.usage("missing subcommand");
        Args a = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        int rc = switch (argv[0]) {
            case "ttft" -> ttft(a);
            case "gaps" -> gaps(a);
            case "capacity" -> capacity(a);
            default -> {
                Args.usage("unknown subcommand: " + argv[0]);
                yield 2;
            }
        };
        System.out.flush();
        System.exit(rc);
    }

    // ------------------------------------------------------------------ ttft

    static int ttft(Args a) throws IOException {
        String direct = a.required("direct"), gateway = a.required("gateway");
        byte[] dBody = Files.readAllBytes(Path.of(a.required("direct-body")));
        byte[] gBody = Files.readAllBytes(Path.of(a.required("gateway-body")));
        int pairs = a.intValue("pairs", 1000), warmup = a.intValue("warmup", 500);
        int timeoutMs = (int) (a.doubleValue("timeout-s", 10) * 1000);
        List<String> headers = a.all("header");
        a.rejectUnknown();

        Http d = new Http(direct, dBody, headers, timeoutMs, 1 << 16, true);
        Http g = new Http(gateway, gBody, headers, timeoutMs, 1 << 16, true);
        Histogram td = hist(), tg = hist(), totd = hist(), totg = hist();
        long[] diff = new long[pairs];
        int measured = 0, consecutive = 0, mismatched = 0;
        long errors = 0, evD = 0, evG = 0, batD = 0, batG = 0;
        boolean aborted = false;
        int total = warmup + pairs, step = Math.max(1, total / 10);
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "StreamBench ttft: %d warmup + %d pairs, direct %s, gateway %s%n",
                warmup, pairs, direct, gateway);
        for (int i = 0; i < total; i++) {
            boolean okD, okG;
            if ((i & 1) == 0) {
                okD = once(d, "direct");
                okG = once(g, "gateway");
            } else {
                okG = once(g, "gateway");
                okD = once(d, "direct");
            }
            if (!okD || !okG) {
                errors += (okD ? 0 : 1) + (okG ? 0 : 1);
                if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
                    System.err.println("StreamBench: aborting after " + consecutive + " failing pairs in a row");
                    aborted = true;
                    break;
                }
                continue;
            }
            consecutive = 0;
            if (i >= warmup) {
                long fd = d.firstEventNs - d.t0, fg = g.firstEventNs - g.t0;
                td.recordValue(clamp(fd));
                tg.recordValue(clamp(fg));
                totd.recordValue(clamp(d.tEnd - d.t0));
                totg.recordValue(clamp(g.tEnd - g.t0));
                diff[measured++] = fg - fd;
                evD += d.events;
                evG += g.events;
                batD += d.batched;
                batG += g.batched;
                if (d.events != g.events && mismatched++ < 5)
                    System.err.println("  note: pair " + i + " got " + d.events + " events direct, " + g.events + " via gateway");
            }
            if ((i + 1) % step == 0)
                System.err.printf(Locale.ROOT, "  %d/%d pairs (%s) errors=%d%n", i + 1, total, i < warmup ? "warmup" : "measured", errors);
        }
        d.close();
        g.close();
        System.err.printf(Locale.ROOT, "StreamBench ttft: done in %.1f s, pairs with different event counts: %d, reconnects direct=%d gateway=%d%n",
                (System.nanoTime() - started) / 1e9, mismatched, d.reconnects, g.reconnects);

        long[] dd = Arrays.copyOf(diff, measured);
        Arrays.sort(dd);
        StringBuilder o = new StringBuilder();
        o.append("ttft_direct").append(pcts(td, 50, 90, 99)).append(" max=").append(us(td.getMaxValue(), measured)).append('\n');
        o.append("ttft_gateway").append(pcts(tg, 50, 90, 99)).append(" max=").append(us(tg.getMaxValue(), measured)).append('\n');
        o.append("ttft_added_by_percentile").append(added(tg, td, 50, 90, 99)).append('\n');
        o.append("ttft_added_pairwise")
                .append(" p50=").append(us(rank(dd, 50), measured))
                .append(" p90=").append(us(rank(dd, 90), measured))
                .append(" p99=").append(us(rank(dd, 99), measured)).append('\n');
        o.append("total_direct").append(pcts(totd, 50, 99)).append('\n');
        o.append("total_gateway").append(pcts(totg, 50, 99)).append('\n');
        o.append("events_direct=").append(evD).append(" events_gateway=").append(evG)
                .append(" batched_direct=").append(batD).append(" batched_gateway=").append(batG)
                .append(" errors=").append(errors).append(" pairs=").append(measured).append('\n');
        System.out.print(o);
        return measured == 0 || aborted ? 1 : 0;
    }

    // ------------------------------------------------------------------ gaps

    static int gaps(Args a) throws IOException {
        String direct = a.required("direct"), gateway = a.required("gateway");
        byte[] dBody = Files.readAllBytes(Path.of(a.required("direct-body")));
        byte[] gBody = Files.readAllBytes(Path.of(a.required("gateway-body")));
        int streams = a.intValue("streams", 6), warmup = a.intValue("warmup", 1);
        int timeoutMs = (int) (a.doubleValue("timeout-s", 30) * 1000);
        List<String> headers = a.all("header");
        a.rejectUnknown();

        Http d = new Http(direct, dBody, headers, timeoutMs, 1 << 16, true);
        Http g = new Http(gateway, gBody, headers, timeoutMs, 1 << 16, true);
        Histogram gd = hist(), gg = hist(), td = hist(), tg = hist();
        int measured = 0, consecutive = 0;
        long errors = 0, evD = 0, evG = 0, batD = 0, batG = 0;
        boolean aborted = false;
        int total = warmup + streams;
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "StreamBench gaps: %d warmup + %d stream pairs, direct %s, gateway %s%n",
                warmup, streams, direct, gateway);
        for (int i = 0; i < total; i++) {
            boolean okD, okG;
            if ((i & 1) == 0) {
                okD = once(d, "direct");
                okG = once(g, "gateway");
            } else {
                okG = once(g, "gateway");
                okD = once(d, "direct");
            }
            if (!okD || !okG) {
                errors += (okD ? 0 : 1) + (okG ? 0 : 1);
                if (++consecutive >= 5) {
                    System.err.println("StreamBench: aborting after " + consecutive + " failing pairs in a row");
                    aborted = true;
                    break;
                }
                continue;
            }
            consecutive = 0;
            if (i < warmup) continue;
            measured++;
            recordGaps(d, gd);
            recordGaps(g, gg);
            td.recordValue(clamp(d.firstEventNs - d.t0));
            tg.recordValue(clamp(g.firstEventNs - g.t0));
            evD += d.events;
            evG += g.events;
            batD += d.batched;
            batG += g.batched;
            System.err.printf(Locale.ROOT, "  stream pair %d: events %d/%d, ttft %.1f/%.1f µs, total %.1f/%.1f ms (direct/gateway)%n",
                    i + 1, d.events, g.events, (d.firstEventNs - d.t0) / 1e3, (g.firstEventNs - g.t0) / 1e3,
                    (d.tEnd - d.t0) / 1e6, (g.tEnd - g.t0) / 1e6);
        }
        d.close();
        g.close();
        System.err.printf(Locale.ROOT, "StreamBench gaps: done in %.1f s%n", (System.nanoTime() - started) / 1e9);

        long nd = gd.getTotalCount(), ng = gg.getTotalCount(), n = Math.min(nd, ng);
        StringBuilder o = new StringBuilder();
        o.append("gap_direct").append(pcts(gd, 50, 99)).append(" max=").append(us(gd.getMaxValue(), nd)).append('\n');
        o.append("gap_gateway").append(pcts(gg, 50, 99)).append(" max=").append(us(gg.getMaxValue(), ng)).append('\n');
        o.append("gap_added_by_percentile")
                .append(" p50=").append(us(gg.getValueAtPercentile(50) - gd.getValueAtPercentile(50), n))
                .append(" p99=").append(us(gg.getValueAtPercentile(99) - gd.getValueAtPercentile(99), n)).append('\n');
        o.append("ttft_direct p50=").append(us(td.getValueAtPercentile(50), measured))
                .append(" ttft_gateway p50=").append(us(tg.getValueAtPercentile(50), measured)).append('\n');
        o.append("events_direct=").append(evD).append(" events_gateway=").append(evG)
                .append(" batched_direct=").append(batD).append(" batched_gateway=").append(batG)
                .append(" errors=").append(errors).append(" streams=").append(measured).append('\n');
        System.out.print(o);
        return measured == 0 || aborted ? 1 : 0;
    }

    static void recordGaps(Http c, Histogram h) {
        for (int k = 1; k < c.events; k++) h.recordValue(clamp(c.eventNs[k] - c.eventNs[k - 1]));
    }

    // ------------------------------------------------------------------ capacity

    static int capacity(Args a) throws Exception {
        String url = a.required("url");
        byte[] body = Files.readAllBytes(Path.of(a.required("body")));
        int n = a.intValue("concurrency", 1000);
        int expect = a.intValue("expect-events", -1);
        if (expect < 0) Args.usage("missing --expect-events");
        double timeoutS = a.doubleValue("timeout-s", 30);
        long rampNs = (long) (a.doubleValue("ramp-ms", 1000) * 1e6);
        List<String> headers = a.all("header");
        a.rejectUnknown();

        long timeoutNs = (long) (timeoutS * 1e9);
        Http[] cs = new Http[n];
        Thread[] ts = new Thread[n];
        String[] why = new String[n];
        long[] endNs = new long[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) cs[i] = new Http(url, body, headers, (int) Math.min(Integer.MAX_VALUE, timeoutNs / 1_000_000), 16 << 10, true);
        System.err.printf(Locale.ROOT, "StreamBench capacity: %d streams to %s, ramp %d ms, timeout %.0f s, expecting %d events each%n",
                n, url, rampNs / 1_000_000, timeoutS, expect);

        long start = System.nanoTime() + 50_000_000L; // let all threads get created first
        for (int i = 0; i < n; i++) {
            final int k = i;
            final long at = start + (n <= 1 ? 0 : rampNs * i / (n - 1));
            ts[i] = Thread.ofVirtual().name("stream-" + i).unstarted(() -> {
                Http c = cs[k];
                long wait;
                while ((wait = at - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                try {
                    boolean r = c.exchange();
                    if (!r) why[k] = c.status != 200 ? "HTTP " + c.status : "incomplete";
                    else if (c.events != expect) why[k] = "wrong event count";
                    else ok[k] = true;
                } catch (IOException e) {
                    if (c.aborted) {
                        why[k] = "timeout";
                    } else {
                        why[k] = (c.connects == 0 ? "connect: " : c.events == 0 ? "io before first event: " : "io mid-stream: ")
                                + e.getClass().getSimpleName();
                        if (errorsShown++ < 5) System.err.println("  stream " + k + ": " + e);
                    }
                } finally {
                    c.close();
                    endNs[k] = System.nanoTime();
                }
            });
        }
        for (Thread t : ts) t.start();

        long deadline = start + timeoutNs;
        boolean timedOut = false;
        for (int i = 0; i < n; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ts[i].join(java.time.Duration.ofNanos(left))) {
                timedOut = true;
                break;
            }
        }
        int abortedStreams = 0;
        if (timedOut) {
            for (int i = 0; i < n; i++) if (ts[i].isAlive()) {
                abortedStreams++;
                cs[i].abort();
            }
            System.err.println("StreamBench capacity: timeout; aborted " + abortedStreams + " unfinished streams");
            for (int i = 0; i < n; i++) ts[i].join(java.time.Duration.ofSeconds(5));
        }

        Histogram gaps = hist(), ttft = hist();
        int okCount = 0;
        long dropped = 0, extra = 0, last = start, noDone = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (ts[i].isAlive()) {
                reasons.merge("stuck after abort", 1, Integer::sum);
                dropped += expect;
                last = Math.max(last, System.nanoTime());
                continue;
            }
            Http c = cs[i];
            int got = c.events;
            if (got < expect) dropped += expect - got;
            if (got > expect) extra += got - expect;
            if (got > 0 && !c.sawDone) noDone++;
            recordGaps(c, gaps);
            if (got > 0) ttft.recordValue(clamp(c.firstEventNs - c.t0));
            last = Math.max(last, endNs[i]);
            if (ok[i]) okCount++;
            else reasons.merge(why[i] == null ? "unknown" : why[i], 1, Integer::sum);
        }
        long wallMs = (last - start) / 1_000_000;
        System.err.printf(Locale.ROOT, "StreamBench capacity: ok=%d failed=%d reasons=%s extra_events=%d streams_without_[DONE]=%d ttft p50=%.1f p99=%.1f ms gap p50=%.3f max=%.3f ms%n",
                okCount, n - okCount, reasons, extra, noDone,
                ttft.getValueAtPercentile(50) / 1e6, ttft.getValueAtPercentile(99) / 1e6,
                gaps.getValueAtPercentile(50) / 1e6, gaps.getMaxValue() / 1e6);
        String p99gap = gaps.getTotalCount() == 0 ? "nan" : String.format(Locale.ROOT, "%.2f", Math.round(gaps.getValueAtPercentile(99) / 1e4) / 100.0);
        System.out.println("capacity concurrency=" + n + " ok=" + okCount + " failed=" + (n - okCount)
                + " dropped_events=" + dropped + " wall_ms=" + wallMs + " p99_gap_ms=" + p99gap);
        return 0;
    }

    // ------------------------------------------------------------------ helpers

    /** One stream exchange; true on a complete 200 answer with at least one data event. */
    static boolean once(Http c, String side) {
        try {
            if (c.exchange()) {
                if (c.events > 0) return true;
                reportError(side, "stream without data events");
            } else {
                reportError(side, "HTTP " + c.status + " " + c.errorBody());
            }
        } catch (IOException e) {
            reportError(side, e.toString());
        }
        return false;
    }

    static void reportError(String side, String what) {
        if (errorsShown++ < 10) System.err.println("  error (" + side + "): " + what);
        else if (errorsShown == 11) System.err.println("  (further errors not shown)");
    }

    static Histogram hist() {
        return new Histogram(1, HIGHEST_NS, 3);
    }

    static long clamp(long ns) {
        return Math.max(0, Math.min(HIGHEST_NS, ns));
    }

    static String pcts(Histogram h, double... ps) {
        StringBuilder b = new StringBuilder();
        long n = h.getTotalCount();
        for (double p : ps) b.append(" p").append((int) p).append('=').append(us(h.getValueAtPercentile(p), n));
        return b.toString();
    }

    static String added(Histogram g, Histogram d, double... ps) {
        StringBuilder b = new StringBuilder();
        long n = Math.min(g.getTotalCount(), d.getTotalCount());
        for (double p : ps)
            b.append(" p").append((int) p).append('=').append(us(g.getValueAtPercentile(p) - d.getValueAtPercentile(p), n));
        return b.toString();
    }

    /** Nearest-rank percentile of a sorted array. */
    static long rank(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String us(long ns, long count) {
        return count == 0 ? "nan" : String.format(Locale.ROOT, "%.1f", Math.round(ns / 100.0) / 10.0); // never "-0.0"
    }

    // ------------------------------------------------------------------ arguments

    static final class Args {
        final Map<String, List<String>> values = new HashMap<>();
        final java.util.Set<String> used = new java.util.HashSet<>();

        Args(String[] argv) {
            for (int i = 0; i < argv.length; i++) {
                String s = argv[i];
                if (!s.startsWith("--")) usage("unexpected argument: " + s);
                String name = s.substring(2), value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else {
                    if (i + 1 >= argv.length) usage("missing value for " + s);
                    value = argv[++i];
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }

        String optional(String name) {
            used.add(name);
            List<String> v = values.get(name);
            return v == null ? null : v.get(v.size() - 1);
        }

        String required(String name) {
            String v = optional(name);
            if (v == null) usage("missing --" + name);
            return v;
        }

        List<String> all(String name) {
            used.add(name);
            return values.getOrDefault(name, List.of());
        }

        int intValue(String name, int def) {
            String v = optional(name);
            try {
                return v == null ? def : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                usage("bad number for --" + name + ": " + v);
                return def;
            }
        }

        double doubleValue(String name, double def) {
            String v = optional(name);
            try {
                return v == null ? def : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                usage("bad number for --" + name + ": " + v);
                return def;
            }
        }

        void rejectUnknown() {
            for (String k : values.keySet()) if (!used.contains(k)) usage("unknown option --" + k);
        }

        static void usage(String msg) {
            System.err.println(msg);
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------ minimal HTTP/1.1 client

    /**
     * One keep-alive HTTP/1.1 connection that repeatedly POSTs one pre-built request. Blocking
     * socket, TCP_NODELAY, one reusable read buffer; no allocation per exchange in the normal
     * case. Understands Content-Length, chunked and read-until-close bodies; optionally scans the
     * body for SSE events and notes when each complete {@code data:} event arrived.
     */
    static final class Http {
        final String host;
        final int port;
        final byte[] request;
        final int timeoutMs;
        final boolean sse;

        private Socket sock;
        private InputStream in;
        private OutputStream out;
        private final byte[] buf;
        private int pos, lim;
        private final byte[] line = new byte[4096];
        private int lineLen;
        private boolean reused, gotBytes;
        private volatile boolean aborted;

        /** System.nanoTime() right after the most recent read() returned, and a count of reads. */
        long lastReadNs, readSeq;
        long connects, reconnects;

        // results of the most recent exchange
        int status;
        long t0, tEnd;
        boolean complete, closeAfter;
        int events, batched;
        long firstEventNs;
        boolean sawDone;
        long[] eventNs = new long[128];
        private long lastEventSeq;
        private int lp;
        private boolean evData;
        private final byte[] head = new byte[16];
        private final byte[] err = new byte[300];
        private int errLen;

        Http(String url, byte[] body, List<String> headers, int timeoutMs, int bufSize, boolean sse) {
            URI u = URI.create(url);
            if (!"http".equalsIgnoreCase(u.getScheme())) throw new IllegalArgumentException("only http:// URLs: " + url);
            host = u.getHost();
            port = u.getPort() < 0 ? 80 : u.getPort();
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
            StringBuilder h = new StringBuilder();
            h.append("POST ").append(path).append(" HTTP/1.1\r\n");
            h.append("Host: ").append(host).append(':').append(port).append("\r\n");
            h.append("Content-Type: application/json\r\n");
            if (sse) h.append("Accept: text/event-stream\r\n");
            h.append("Content-Length: ").append(body.length).append("\r\n");
            for (String x : headers) h.append(x.trim()).append("\r\n");
            h.append("\r\n");
            byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            request = Arrays.copyOf(hb, hb.length + body.length);
            System.arraycopy(body, 0, request, hb.length, body.length);
            this.timeoutMs = timeoutMs;
            this.buf = new byte[bufSize];
            this.sse = sse;
        }

        void connect(int connectTimeoutMs) throws IOException {
            close();
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            sock = s;
            if (aborted) throw new IOException("aborted");
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(timeoutMs);
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = lim = 0;
            reused = false;
            connects++;
        }

        void close() {
            Socket s = sock;
            sock = null;
            if (s != null) try {
                s.close();
            } catch (IOException ignored) {
            }
        }

        /** Closes the socket from another thread, making a blocked exchange fail. */
        void abort() {
            aborted = true;
            close();
        }

        /**
         * Sends the request and reads the whole response. Returns true on a complete 200 answer.
         * A keep-alive connection the server closed before answering is reopened and the request
         * sent again once (the timing then starts at the resend).
         */
        boolean exchange() throws IOException {
            for (int attempt = 0; ; attempt++) {
                if (sock == null) connect(timeoutMs);
                boolean wasReused = reused;
                reset();
                try {
                    t0 = System.nanoTime();
                    out.write(request);
                    readResponse();
                } catch (IOException e) {
                    close();
                    if (wasReused && !gotBytes && attempt == 0 && !aborted) {
                        reconnects++;
                        continue;
                    }
                    throw e;
                }
                reused = true;
                if (closeAfter) close();
                return status == 200 && complete;
            }
        }

        private void reset() {
            pos = lim = 0;
            gotBytes = false;
            status = 0;
            complete = closeAfter = sawDone = false;
            events = batched = 0;
            firstEventNs = tEnd = 0;
            lastEventSeq = -1;
            lp = 0;
            evData = false;
            errLen = 0;
        }

        String errorBody() {
            return new String(err, 0, errLen, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            lastReadNs = System.nanoTime();
            if (n <= 0) return false;
            readSeq++;
            gotBytes = true;
            pos = 0;
            lim = n;
            return true;
        }

        /** Reads one line (without CR/LF) into {@link #line}; overlong lines are truncated. */
        private void readLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos == lim && !fill()) throw new EOFException(gotBytes ? "connection closed in response head" : "connection closed before response");
                byte b = buf[pos++];
                if (b == '\n') break;
                if (n < line.length) line[n++] = b;
            }
            if (n > 0 && line[n - 1] == '\r') n--;
            lineLen = n;
        }

        private void readResponse() throws IOException {
            long contentLength;
            boolean chunked;
            do {
                readLine();
                if (lineLen < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[8] != ' ')
                    throw new IOException("bad status line: " + new String(line, 0, lineLen, StandardCharsets.ISO_8859_1));
                status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
                boolean http10 = line[7] == '0';
                boolean keepAlive = false;
                contentLength = -1;
                chunked = false;
                closeAfter = false;
                while (true) {
                    readLine();
                    if (lineLen == 0) break;
                    int colon = 0;
                    while (colon < lineLen && line[colon] != ':') colon++;
                    int vs = colon + 1, ve = lineLen;
                    while (vs < ve && (line[vs] == ' ' || line[vs] == '\t')) vs++;
                    while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) ve--;
                    if (nameIs(colon, "content-length")) {
                        long v = 0;
                        for (int i = vs; i < ve; i++) {
                            int c = line[i] - '0';
                            if (c < 0 || c > 9) throw new IOException("bad content-length");
                            v = v * 10 + c;
                        }
                        contentLength = v;
                    } else if (nameIs(colon, "transfer-encoding")) {
                        chunked = valueHas(vs, ve, "chunked");
                    } else if (nameIs(colon, "connection")) {
                        if (valueHas(vs, ve, "close")) closeAfter = true;
                        if (valueHas(vs, ve, "keep-alive")) keepAlive = true;
                    }
                }
                if (http10 && !keepAlive) closeAfter = true;
            } while (status >= 100 && status < 200); // skip interim answers (100 Continue)

            if (status == 204 || status == 304) {
                // no body
            } else if (chunked) {
                while (true) {
                    readLine();
                    long size = 0;
                    int digits = 0;
                    for (int i = 0; i < lineLen; i++) {
                        int c = line[i];
                        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                        if (v < 0) {
                            if (c == ';' || c == ' ' || c == '\t') break;
                            throw new IOException("bad chunk size line");
                        }
                        size = size * 16 + v;
                        digits++;
                    }
                    if (digits == 0) throw new IOException("bad chunk size line");
                    if (size == 0) {
                        do readLine(); while (lineLen != 0); // trailers
                        break;
                    }
                    body(size);
                    readLine();
                    if (lineLen != 0) throw new IOException("missing CRLF after chunk");
                }
            } else if (contentLength >= 0) {
                body(contentLength);
            } else {
                // no framing: the body runs until the server closes
                closeAfter = true;
                while (true) {
                    if (pos == lim && !fill()) break;
                    take(pos, lim);
                    pos = lim;
                }
            }
            tEnd = lastReadNs;
            complete = true;
        }

        private void body(long n) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) throw new EOFException("connection closed in body");
                int k = (int) Math.min(n, lim - pos);
                take(pos, pos + k);
                pos += k;
                n -= k;
            }
        }

        /** Body bytes buf[from, to) arrived in the most recent read. */
        private void take(int from, int to) {
            if (status != 200 && errLen < err.length) {
                int k = Math.min(err.length - errLen, to - from);
                System.arraycopy(buf, from, err, errLen, k);
                errLen += k;
            }
            if (sse) scan(from, to);
        }

        /** SSE scanner: lines end with LF (CR ignored); an empty line ends an event. */
        private void scan(int from, int to) {
            byte[] b = buf;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c == '\r') continue;
                if (c == '\n') {
                    if (lp == 0) {
                        if (evData) event();
                        evData = false;
                    } else {
                        if (lp >= 5 && head[0] == 'd' && head[1] == 'a' && head[2] == 't' && head[3] == 'a' && head[4] == ':') {
                            evData = true;
                            int s = lp > 5 && head[5] == ' ' ? 6 : 5;
                            if (lp - s == 6 && head[s] == '[' && head[s + 1] == 'D' && head[s + 2] == 'O'
                                    && head[s + 3] == 'N' && head[s + 4] == 'E' && head[s + 5] == ']') sawDone = true;
                        }
                        lp = 0;
                    }
                } else {
                    if (lp < head.length) head[lp] = c;
                    lp++;
                }
            }
        }

        private void event() {
            if (events == eventNs.length) eventNs = Arrays.copyOf(eventNs, events * 2);
            eventNs[events++] = lastReadNs;
            if (events == 1) firstEventNs = lastReadNs;
            if (readSeq == lastEventSeq) batched++;
            lastEventSeq = readSeq;
        }

        private boolean nameIs(int len, String lower) {
            if (len != lower.length()) return false;
            for (int i = 0; i < len; i++) {
                int c = line[i];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower.charAt(i)) return false;
            }
            return true;
        }

        private boolean valueHas(int vs, int ve, String lower) {
            int n = lower.length();
            outer:
            for (int i = vs; i + n <= ve; i++) {
                for (int j = 0; j < n; j++) {
                    int c = line[i + j];
                    if (c >= 'A' && c <= 'Z') c += 32;
                    if (c != lower.charAt(j)) continue outer;
                }
                return true;
            }
            return false;
        }
    }
}
