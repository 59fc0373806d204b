package dev.myelin.cpu.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits loops across the machine's cores on one shared pool. Work smaller than a grain runs on
 * the calling thread: forking costs microseconds, which small ops cannot repay.
 */
public final class Parallel {
    private static final int THREADS = Integer.getInteger("myelin.cpu.threads", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

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
     * when there is more than one chunk.
     */
    public static void forRange(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || POOL == null || inWorker()) {
            body.run(0, n);
            return;
        }
        POOL.invoke(new Split(body, 0, n, chunks));
    }

    private static boolean inWorker() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == POOL;
    }

    private static final class Split extends RecursiveAction {
        private final Range body;
        private final int from, to, chunks;

        Split(Range body, int from, int to, int chunks) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunks = chunks;
        }

        @Override
        protected void compute() {
            if (chunks == 1) {
                body.run(from, to);
                return;
            }
            int leftChunks = chunks / 2;
            int mid = from + (int) ((long) (to - from) * leftChunks / chunks);
            invokeAll(new Split(body, from, mid, leftChunks), new Split(body, mid, to, chunks - leftChunks));
        }
    }
}
