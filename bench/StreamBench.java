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
        Args.usageText = USAGE;
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
        int measured = 0, mismatched = 0;
        long errors = 0, evD = 0, evG = 0, batD = 0, batG = 0;
        boolean aborted = false;
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "StreamBench ttft: %d warmup + %d pairs, direct %s, gateway %s%n",
                warmup, pairs, direct, gateway);
        Pairs run = new Pairs("StreamBench ttft", warmup, pairs, MAX_CONSECUTIVE_ERRORS, true);
        while (run.next(() -> once(d, "direct"), () -> once(g, "gateway"))) {
            int i = run.index();
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
        errors = run.errors;
        aborted = run.aborted;
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
        int measured = 0;
        long errors = 0, evD = 0, evG = 0, batD = 0, batG = 0;
        boolean aborted = false;
        long started = System.nanoTime();
        System.err.printf(Locale.ROOT, "StreamBench gaps: %d warmup + %d stream pairs, direct %s, gateway %s%n",
                warmup, streams, direct, gateway);
        Pairs run = new Pairs("StreamBench gaps", warmup, streams, 5, false);
        while (run.next(() -> once(d, "direct"), () -> once(g, "gateway"))) {
            int i = run.index();
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
        errors = run.errors;
        aborted = run.aborted;
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

}
