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
        Args.usageText = USAGE;
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
        boolean aborted = false;
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "PairedLatency: %d warmup + %d pairs, direct %s, gateway %s%n",
                warmup, pairs, direct, gateway);

        long[] r = new long[2];
        Pairs run = new Pairs("PairedLatency", warmup, pairs, MAX_CONSECUTIVE_ERRORS, true);
        while (run.next(() -> (r[0] = once(d, "direct")) >= 0,
                () -> (r[1] = once(g, "gateway")) >= 0)) {
            hd.recordValue(clamp(r[0]));
            hg.recordValue(clamp(r[1]));
            diff[measured++] = r[1] - r[0];
        }
        errors = run.errors;
        aborted = run.aborted;
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

}
