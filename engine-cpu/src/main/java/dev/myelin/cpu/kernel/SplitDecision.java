package dev.myelin.cpu.kernel;

/**
 * Whether splitting one kind of loop across the team pays, decided from its own measured times:
 * the loops of one call site (one lambda class) and one size (by powers of two of its work) keep a
 * moving average of their time run alone and run split, and a loop runs the way that has been
 * faster. Every {@link #EXPLORE_EVERY}th loop runs the other way, so the slower estimate stays
 * current as the load on the machine changes: a 2-core host with other processes runnable
 * deschedules the helper mid-loop and the caller waits for it, and there a split that paid on a
 * quiet host costs more than it brings. Which way a loop ran never changes its result: chunk
 * boundaries are fixed by the caller, and a loop run alone runs the same sums.
 *
 * <p>Updated by the thread that holds the team only; a lost update between two callers only
 * blurs an average.
 */
final class SplitDecision {
    /** One loop in this many runs the way that has looked slower (1/16: at most 6% of a site's loops). */
    static final int EXPLORE_EVERY = 16;
    /** Weight of a new time in the average of the way that looks faster: about the last eight loops count. */
    private static final double WEIGHT = 1.0 / 8;
    /**
     * Weight of a new time in the average of the way that looks slower, measured once in
     * {@link #EXPLORE_EVERY} loops: heavier, so that an estimate from the JIT's warm-up or from a
     * busy minute is forgotten within a few explorations.
     */
    private static final double EXPLORE_WEIGHT = 1.0 / 2;
    private static final int SIZES = 64;

    private final double[] alone = new double[SIZES], split = new double[SIZES];
    private final int[] loops = new int[SIZES];

    /** The size class of a loop of {@code work} units: its power of two. */
    static int sizeOf(long work) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, work));
    }

    /**
     * Whether the next loop of this size should run split: first one of each way (alone first),
     * then the faster, and every {@link #EXPLORE_EVERY}th loop the other.
     */
    boolean split(int size) {
        int loop = loops[size]++;
        if (alone[size] == 0) return false;
        if (split[size] == 0) return true;
        boolean splitIsFaster = split[size] < alone[size];
        return loop % EXPLORE_EVERY == 0 ? !splitIsFaster : splitIsFaster;
    }

    /** Records that a loop of this size took {@code nanos}, split or alone. */
    void record(int size, boolean wasSplit, long nanos) {
        double[] average = wasSplit ? split : alone, other = wasSplit ? alone : split;
        double t = Math.max(1, nanos), weight = average[size] > other[size] && other[size] > 0 ? EXPLORE_WEIGHT : WEIGHT;
        average[size] = average[size] == 0 ? t : average[size] + weight * (t - average[size]);
    }
}
