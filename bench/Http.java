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
 * One keep-alive HTTP/1.1 connection that repeatedly POSTs one pre-built request. Blocking
 * socket, TCP_NODELAY, one reusable read buffer; no allocation per exchange in the normal
 * case. Understands Content-Length, chunked and read-until-close bodies; optionally scans the
 * body for SSE events and notes when each complete {@code data:} event arrived.
 */
final class Http {
    final String host;
    final int port;
    final byte[] request;
    final int timeoutMs;
    final boolean sse;

    private Socket sock;
    private InputStream in;
    private OutputStream out;
    final byte[] buf;
    int pos, lim;
    final byte[] line = new byte[4096];
    int lineLen;
    boolean reused, gotBytes;
    volatile boolean aborted;

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
    long lastEventSeq;
    int lp;
    boolean evData;
    final byte[] head = new byte[16];
    final byte[] err = new byte[300];
    int errLen;

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

    void reset() {
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

    boolean fill() throws IOException {
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
    void readLine() throws IOException {
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

    void readResponse() throws IOException {
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

    void body(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) throw new EOFException("connection closed in body");
            int k = (int) Math.min(n, lim - pos);
            take(pos, pos + k);
            pos += k;
            n -= k;
        }
    }

    /** Body bytes buf[from, to) arrived in the most recent read. */
    void take(int from, int to) {
        if (status != 200 && errLen < err.length) {
            int k = Math.min(err.length - errLen, to - from);
            System.arraycopy(buf, from, err, errLen, k);
            errLen += k;
        }
        if (sse) scan(from, to);
    }

    /** SSE scanner: lines end with LF (CR ignored); an empty line ends an event. */
    void scan(int from, int to) {
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

    void event() {
        if (events == eventNs.length) eventNs = Arrays.copyOf(eventNs, events * 2);
        eventNs[events++] = lastReadNs;
        if (events == 1) firstEventNs = lastReadNs;
        if (readSeq == lastEventSeq) batched++;
        lastEventSeq = readSeq;
    }

    boolean nameIs(int len, String lower) {
        if (len != lower.length()) return false;
        for (int i = 0; i < len; i++) {
            int c = line[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }

    boolean valueHas(int vs, int ve, String lower) {
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
