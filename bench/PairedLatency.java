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

/**
 * Added latency of the gateway at concurrency 1, measured with interleaved request pairs.
 *
 * <p>One keep-alive connection to the direct target and one to the gateway. Each pair sends one
 * request to each, alternating which goes first (ABBA), and times every request from the write
 * of its first byte to the read that delivered its last body byte. Results go to stdout as fixed
 * key=value lines (microseconds, one decimal); progress and error details go to stderr.
 *
 * <pre>
 * java -XX:+UseSerialGC -cp HdrHistogram-2.2.2.jar bench/PairedLatency.java \
 *   --direct URL --gateway URL --direct-body FILE --gateway-body FILE \
 *   [--pairs 2000] [--warmup 2000] [--header "Name: value"]... [--timeout-s 10]
 * </pre>
 *
 * Exit status: 0 when the run completed (errors, if any, are in the errors= field), 1 when no
 * pair could be measured or the run was aborted after too many consecutive errors, 2 on bad
 * arguments.
 */
public class PairedLatency {

    static final long HIGHEST_NS = 3_600_000_000_000L; // 1 h
    static final int MAX_CONSECUTIVE_ERRORS = 50;
    static int errorsShown;
    static final String USAGE = "usage: PairedLatency --direct URL --gateway URL --direct-body FILE --gateway-body FILE"
            + " [--pairs N] [--warmup N] [--header 'Name: value']... [--timeout-s S]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        String direct = a.required("direct"), gateway = a.required("gateway");
        byte[] dBody = Files.readAllBytes(Path.of(a.required("direct-body")));
        byte[] gBody = Files.readAllBytes(Path.of(a.required("gateway-body")));
        int pairs = a.intValue("pairs", 2000), warmup = a.intValue("warmup", 2000);
        int timeoutMs = (int) (a.doubleValue("timeout-s", 10) * 1000);
        List<String> headers = a.all("header");
        a.rejectUnknown();

        Http d = new Http(direct, dBody, headers, timeoutMs, 1 << 16, false);
        Http g = new Http(gateway, gBody, headers, timeoutMs, 1 << 16, false);
        Histogram hd = new Histogram(1, HIGHEST_NS, 3), hg = new Histogram(1, HIGHEST_NS, 3);
        long[] diff = new long[pairs];
        int measured = 0;
        long errors = 0;
        int consecutive = 0;
        boolean aborted = false;
        int total = warmup + pairs, step = Math.max(1, total / 10);
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "PairedLatency: %d warmup + %d pairs, direct %s, gateway %s%n",
                warmup, pairs, direct, gateway);

        for (int i = 0; i < total; i++) {
            long rd, rg;
            if ((i & 1) == 0) {
                rd = once(d, "direct");
                rg = once(g, "gateway");
            } else {
                rg = once(g, "gateway");
                rd = once(d, "direct");
            }
            if (rd < 0 || rg < 0) {
                errors += (rd < 0 ? 1 : 0) + (rg < 0 ? 1 : 0);
                if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
                    System.err.println("PairedLatency: aborting after " + consecutive + " failing pairs in a row");
                    aborted = true;
                    break;
                }
                continue;
            }
            consecutive = 0;
            if (i >= warmup) {
                hd.recordValue(clamp(rd));
                hg.recordValue(clamp(rg));
                diff[measured++] = rg - rd;
            }
            if ((i + 1) % step == 0) {
                System.err.printf(Locale.ROOT, "  %d/%d pairs (%s) errors=%d%n", i + 1, total,
                        i < warmup ? "warmup" : "measured", errors);
            }
        }
        d.close();
        g.close();
        System.err.printf(Locale.ROOT, "PairedLatency: done in %.1f s, reconnects direct=%d gateway=%d%n",
                (System.nanoTime() - started) / 1e9, d.reconnects, g.reconnects);

        long[] dd = Arrays.copyOf(diff, measured);
        Arrays.sort(dd);
        StringBuilder out = new StringBuilder();
        out.append("direct").append(summary(hd)).append('\n');
        out.append("gateway").append(summary(hg)).append('\n');
        out.append("added_by_percentile")
                .append(" p50=").append(us(pct(hg, 50) - pct(hd, 50), measured))
                .append(" p90=").append(us(pct(hg, 90) - pct(hd, 90), measured))
                .append(" p99=").append(us(pct(hg, 99) - pct(hd, 99), measured))
                .append(" max=").append(us(hg.getMaxValue() - hd.getMaxValue(), measured)).append('\n');
        out.append("added_pairwise")
                .append(" p50=").append(us(rank(dd, 50), measured))
                .append(" p90=").append(us(rank(dd, 90), measured))
                .append(" p99=").append(us(rank(dd, 99), measured)).append('\n');
        out.append("errors=").append(errors).append(" pairs=").append(measured).append('\n');
        System.out.print(out);
        System.out.flush();
        System.exit(measured == 0 || aborted ? 1 : 0);
    }

    /** One exchange; its round trip in ns, or -1 on any failure (reported to stderr). */
    static long once(Http c, String side) {
        try {
            if (c.exchange()) return c.tEnd - c.t0;
            reportError(side, "HTTP " + c.status + " " + c.errorBody());
        } catch (IOException e) {
            reportError(side, e.toString());
        }
        return -1;
    }

    static void reportError(String side, String what) {
        if (errorsShown++ < 10) System.err.println("  error (" + side + "): " + what);
        else if (errorsShown == 11) System.err.println("  (further errors not shown)");
    }

    static long clamp(long ns) {
        return Math.max(1, Math.min(HIGHEST_NS, ns));
    }

    static String summary(Histogram h) {
        long n = h.getTotalCount();
        return " p50=" + us(pct(h, 50), n) + " p90=" + us(pct(h, 90), n) + " p99=" + us(pct(h, 99), n)
                + " max=" + us(h.getMaxValue(), n) + " mean=" + (n == 0 ? "nan" : fmt(h.getMean() / 1000.0));
    }

    static long pct(Histogram h, double p) {
        return h.getValueAtPercentile(p);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long rank(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String us(long ns, long count) {
        return count == 0 ? "nan" : fmt(ns / 1000.0);
    }

    /** One decimal, rounded half up, never "-0.0". */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", Math.round(v * 10) / 10.0);
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
