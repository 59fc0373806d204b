package dev.myelin.cpu.kernel;

/**
 * Splits loops across the machine's cores. Work smaller than a grain runs on the calling thread,
 * and so does a loop started from inside another one (the outer loop already uses every core),
 * and a loop whose site measured faster alone ({@link SplitDecision}).
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
    /** Chunks per thread {@link #forRange} cuts at most: a helper that comes late or stalls holds up a small piece. */
    static final int CHUNKS_PER_THREAD = 4;
    private static final ClassValue<SplitDecision> DECISIONS = new ClassValue<>() {
        @Override
        protected SplitDecision computeValue(Class<?> site) {
            return new SplitDecision();
        }
    };

    /** How loops run: as measured (the default), or, for tests comparing results, always split or always alone. */
    enum Way { MEASURED, SPLIT, ALONE }

    /** Set by tests only (see {@link Way}). */
    static volatile Way way = Boolean.parseBoolean(System.getProperty("myelin.cpu.adaptiveSplit", "true")) ? Way.MEASURED : Way.SPLIT;

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
     * when there is more than one chunk and splitting has paid for this loop (see
     * {@link #forChunks(int, int, long, Class, Range)}). Chunks are contiguous and near-equal,
     * up to {@link #CHUNKS_PER_THREAD} per thread; each runs once.
     */
    public static void forRange(int n, int grain, Range body) {
        int g = Math.max(1, grain);
        long chunks = Math.min((long) CHUNKS_PER_THREAD * THREADS, Math.max(1, n / g));
        // Grains are sized to the work per item (a row's length, say): n / grain measures the loop.
        forChunks(n, (int) chunks, (long) n * 1024 / g, body.getClass(), body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into exactly {@code chunks} contiguous, near-equal
     * pieces (fewer if {@code n} is smaller), each thread taking its own share first, then what is
     * left of the others': more chunks than threads balance uneven work or a core taken by another
     * process. Splitting is decided as in {@link #forChunks(int, int, long, Class, Range)}, with
     * {@code n} for the work.
     */
    public static void forChunks(int n, int chunks, Range body) {
        forChunks(n, chunks, n, body.getClass(), body);
    }

    /**
     * {@link #forChunks(int, int, Range)} for the loops of call site {@code site} (a class that
     * stands for it, such as the class of a lambda written there) with {@code work} units of work
     * (multiply-adds, elements: any measure proportional to time within one site). Whether this
     * one runs split or alone is decided by {@link SplitDecision} from the times this site's loops
     * of about the same work took each way; the chunks, and so the results, are the same either way.
     */
    public static void forChunks(int n, int chunks, long work, Class<?> site, Range body) {
        if (n <= 0) return;
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || TEAM == null || !TEAM.available()) {
            body.run(0, n);
            return;
        }
        Way w = way; // -Dmyelin.cpu.adaptiveSplit=false: SPLIT, every loop of more than one chunk
        SplitDecision decision = w == Way.MEASURED ? DECISIONS.get(site) : null;
        int size = SplitDecision.sizeOf(work);
        boolean split = decision != null ? decision.split(size) : w == Way.SPLIT;
        long start = System.nanoTime();
        if (split && TEAM.run(n, chunks, body)) {
            if (decision != null) decision.record(size, true, System.nanoTime() - start);
            return;
        }
        body.run(0, n);
        // A loop that found the team taken ran alone without choosing to: it says nothing about splitting.
        if (!split && decision != null) decision.record(size, false, System.nanoTime() - start);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into {@code parts} contiguous, near-equal pieces,
     * piece i on thread i (0: the caller) whenever the team is free, without asking
     * {@link SplitDecision}: for the loops of a chain over the same large arrays (a Dense layer's
     * kernel in its forward, backward and update at small batches, see {@link Sgemm}), whose
     * split pays only when every loop of the chain gives each thread the same part, which no
     * single loop's timing can show. A piece its thread has not started when another thread is
     * done is taken over, so the caller never waits for a piece nobody started.
     */
    public static void forOwnedParts(int n, int parts, Range body) {
        if (n <= 0) return;
        int chunks = Math.min(parts, n);
        if (chunks <= 1 || TEAM == null || !TEAM.available() || way == Way.ALONE || !TEAM.run(n, chunks, body)) body.run(0, n);
    }

    /** Start of chunk {@code i} of {@code chunks} over {@code [0, n)}. */
    static int chunkStart(int n, int chunks, int i) {
        return (int) ((long) n * i / chunks);
    }
}
