package dev.myelin.cpu.kernel;

/**
 * Whether splitting one kind of loop across the team pays, decided from its own measured times:
 * the loops of one call site (one lambda class) and one size (by powers of two of its work) keep a
 * moving average of their time run alone and run split, and a loop runs the way that has been
 * faster. Now and then (one loop in 16 to 256) a loop runs the other way, so the slower estimate
 * stays current as the load on the machine changes: a 2-core host with other processes runnable
 * deschedules the helper mid-loop and the caller waits for it, and there a split that paid on a
 * quiet host costs more than it brings. Which way a loop ran never changes its result: chunk
 * boundaries are fixed by the caller, and a loop run alone runs the same sums.
 *
 * <p>Updated by the thread that holds the team only; a lost update between two callers only
 * blurs an average.
 */
final class SplitDecision {
    /** The first gap between two loops run the way that looks slower (then 1 in 16 loops). */
    static final int EXPLORE_EVERY = 16;
    /**
     * The longest gap: each exploration that finds the slower way still slower doubles the gap up
     * to this, so a tiny loop whose split costs a wake-up ten times its own time (5 us alone, 50
     * split) pays for one exploration in 256 loops, not one in 16; a choice that flips starts
     * again from {@link #EXPLORE_EVERY}.
     */
    static final int EXPLORE_MAX = 256;
    /** Weight of a new time in the average of the way that looks faster: about the last eight loops count. */
    private static final double WEIGHT = 1.0 / 8;
    /**
     * Weight of a new time in the average of the way that looks slower, measured once in a gap:
     * heavier, so that an estimate from the JIT's warm-up or from a busy minute is forgotten
     * within a few explorations.
     */
    private static final double EXPLORE_WEIGHT = 1.0 / 2;
    private static final int SIZES = 64;

    private final double[] alone = new double[SIZES], split = new double[SIZES];
    /** Loops until the next exploration, and the current gap. */
    private final int[] untilExplore = new int[SIZES], gap = new int[SIZES];

    /** The size class of a loop of {@code work} units: its power of two. */
    static int sizeOf(long work) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, work));
    }

    /**
     * Whether the next loop of this size should run split: first one of each way (alone first),
     * then the faster, and once in a gap ({@link #EXPLORE_EVERY} to {@link #EXPLORE_MAX} loops) the other.
     */
    boolean split(int size) {
        if (alone[size] == 0) return false;
        if (split[size] == 0) return true;
        boolean splitIsFaster = split[size] < alone[size];
        if (gap[size] == 0) gap[size] = untilExplore[size] = EXPLORE_EVERY;
        if (--untilExplore[size] > 0) return splitIsFaster;
        untilExplore[size] = gap[size];
        return !splitIsFaster;
    }

    /** Records that a loop of this size took {@code nanos}, split or alone. */
    void record(int size, boolean wasSplit, long nanos) {
        double[] average = wasSplit ? split : alone, other = wasSplit ? alone : split;
        boolean explored = average[size] > other[size] && other[size] > 0;
        double t = Math.max(1, nanos), weight = explored ? EXPLORE_WEIGHT : WEIGHT;
        boolean splitWasFaster = split[size] < alone[size];
        average[size] = average[size] == 0 ? t : average[size] + weight * (t - average[size]);
        if (gap[size] == 0) return; // not both measured yet
        if ((split[size] < alone[size]) != splitWasFaster || explored && t < other[size]) {
            // The choice flipped, or the slower way just ran faster: watch closely.
            gap[size] = untilExplore[size] = EXPLORE_EVERY;
        } else if (explored) {
            gap[size] = untilExplore[size] = Math.min(EXPLORE_MAX, 2 * gap[size]);
        }
    }
}
