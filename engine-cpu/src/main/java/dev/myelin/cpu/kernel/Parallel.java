package dev.myelin.cpu.kernel;

/**
 * Splits loops across the machine's cores. Work smaller than a grain runs on the calling thread,
 * and so does a loop started from inside another one (the outer loop already uses every core).
 *
 * <p>Why not a ForkJoinPool: a training step runs about a hundred parallel loops of tens to
 * hundreds of microseconds each, and a pool whose workers park between them pays a wake-up per
 * worker per loop (measured here, under KVM: 21 us for an empty loop, and two 55 us halves took
 * longer than running both on one thread). So the calling thread runs chunks itself, and the
 * {@link WorkerTeam}'s helpers spin for a short while before they park.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("myelin.cpu.threads", Runtime.getRuntime().availableProcessors()));
    private static final WorkerTeam TEAM = THREADS > 1 ? new WorkerTeam(THREADS - 1) : null;

    private Parallel() {}

    /** Number of threads ops split across ({@code -Dmyelin.cpu.threads}, default: all cores). */
    public static int threads() {
        return THREADS;
    }

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items, in parallel
     * when there is more than one chunk. Chunks are contiguous and near-equal; each runs once.
     */
    public static void forRange(int n, int grain, Range body) {
        forChunks(n, Math.min(THREADS, Math.max(1, n / Math.max(1, grain))), body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into exactly {@code chunks} contiguous, near-equal
     * pieces (fewer if {@code n} is smaller), handed to threads as they come free: more chunks than
     * threads balance uneven work or a core taken by another process.
     */
    public static void forChunks(int n, int chunks, Range body) {
        if (n <= 0) return;
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || TEAM == null || !TEAM.run(n, chunks, body)) body.run(0, n);
    }

    /** Start of chunk {@code i} of {@code chunks} over {@code [0, n)}. */
    static int chunkStart(int n, int chunks, int i) {
        return (int) ((long) n * i / chunks);
    }
}
