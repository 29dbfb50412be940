import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Interleaved direct/gateway pairs for the bench clients: runs the two sides of each pair in ABBA
 * order (so drift hits both alike), counts failing sides, gives up after too many failing pairs in
 * a row, skips the warm-up, and reports progress. {@link #next} returns once per measured pair.
 */
final class Pairs {
    private final String name;
    private final int warmup;
    private final int total;
    private final int maxConsecutive;
    private final boolean progress;
    private final int step;
    private int i = -1;
    private int consecutive;
    long errors;
    boolean aborted;

    Pairs(String name, int warmup, int count, int maxConsecutive, boolean progress) {
        this.name = name;
        this.warmup = warmup;
        this.total = warmup + count;
        this.maxConsecutive = maxConsecutive;
        this.progress = progress;
        this.step = Math.max(1, total / 10);
    }

    /** Runs pairs until one after the warm-up succeeds on both sides; false when done or aborted. */
    boolean next(BooleanSupplier direct, BooleanSupplier gateway) {
        while (++i < total) {
            boolean okD, okG;
            if ((i & 1) == 0) {
                okD = direct.getAsBoolean();
                okG = gateway.getAsBoolean();
            } else {
                okG = gateway.getAsBoolean();
                okD = direct.getAsBoolean();
            }
            boolean measured = false;
            if (!okD || !okG) {
                errors += (okD ? 0 : 1) + (okG ? 0 : 1);
                if (++consecutive >= maxConsecutive) {
                    System.err.println(name + ": aborting after " + consecutive + " failing pairs in a row");
                    aborted = true;
                    return false;
                }
            } else {
                consecutive = 0;
                measured = i >= warmup;
            }
            if (progress && (i + 1) % step == 0) {
                System.err.printf(Locale.ROOT, "  %d/%d pairs (%s) errors=%d%n", i + 1, total,
                        i < warmup ? "warmup" : "measured", errors);
            }
            if (measured) {
                return true;
            }
        }
        return false;
    }

    /** Index of the current pair, counting the warm-up. */
    int index() {
        return i;
    }
}
