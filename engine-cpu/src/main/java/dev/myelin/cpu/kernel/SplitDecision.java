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
    /**
     * Weight of a new time in the average of the way that looks faster: about the last 32 loops
     * count. On a busy host a split's times are heavy-tailed (most loops fast, one in ten or twenty
     * waiting milliseconds for a descheduled helper): an average over about 8 loops jumped above
     * the time alone at each stall and fell below it a few fast loops later, so the choice
     * flipped with the stalls instead of following their mean.
     */
    private static final double WEIGHT = 1.0 / 32;
    /**
     * Weight of a new time in the average of the way that looks slower, measured once in a gap:
     * heavier, so that an estimate from the JIT's warm-up or from a busy minute is forgotten
     * within about a dozen explorations, but not one that a single run decides: a heavy-tailed
     * split's single run is most often a fast one, and with weight 1/2 one lucky exploration made
     * a split that was slower on average look faster until its next stall. (Made-up times, a split
     * of 100 us that waits 2 ms in one loop in ten, against 200 us alone: the loops cost 10% more
     * than alone with weights 1/8 and 1/2, 6% with these; against 400 us alone, 21% more than
     * always split, now 10%.)
     */
    private static final double EXPLORE_WEIGHT = 1.0 / 8;
    private static final int SIZES = 64;
    /**
     * A loop that runs alone in less than this never runs split, not even to explore: halving it
     * saves at most half of it, about what handing a chunk to a helper costs when the helper spins,
     * and a parked helper's wake-up costs 20 us here. Exploring such loops made 2 threads slower
     * than 1 at batch 1, where every loop of the LeNet step is this small.
     */
    static final long NEVER_SPLIT_NANOS = 10_000;

    private final double[] alone = new double[SIZES], split = new double[SIZES];
    /** Loops until the next exploration, and the current gap. */
    private final int[] untilExplore = new int[SIZES], gap = new int[SIZES];

    /** The size class of a loop of {@code work} units: its power of two. */
    static int sizeOf(long work) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, work));
    }

    /**
     * Whether the next loop of this size should run split: first one of each way (alone first),
     * then the faster, and once in a gap ({@link #EXPLORE_EVERY} to {@link #EXPLORE_MAX} loops) the other;
     * never while its time alone is under {@link #NEVER_SPLIT_NANOS}.
     */
    boolean split(int size) {
        if (alone[size] == 0 || alone[size] < NEVER_SPLIT_NANOS) return false;
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
