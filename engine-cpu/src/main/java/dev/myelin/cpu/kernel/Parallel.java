package dev.myelin.cpu.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits loops across the machine's cores. The calling thread runs the first chunk itself and
 * hands the others to resident worker threads, which spin briefly before sleeping: a training
 * step issues hundreds of sub-millisecond loops, and waking a parked thread (a futex call, slower
 * still under a hypervisor) cost more than many of them. Work smaller than a grain runs on the
 * calling thread; so does a loop started while another is running (nested or concurrent calls),
 * which keeps the workers' slots simple and cannot deadlock.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("myelin.cpu.threads", Runtime.getRuntime().availableProcessors()));
    /** How long an idle worker polls for the next chunk before parking. */
    private static final long SPIN_NANOS = 200_000;

    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker("myelin-cpu-" + (i + 1));
            WORKERS[i].start();
        }
    }

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
        if (chunks <= 1 || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Job job = new Job(body, chunks - 1, Thread.currentThread());
            for (int c = 1; c < chunks; c++) WORKERS[c - 1].give(job, bound(n, chunks, c), bound(n, chunks, c + 1));
            Throwable mine = null;
            try {
                body.run(0, bound(n, chunks, 1));
            } catch (Throwable t) {
                mine = t;
            }
            job.await();
            if (mine == null) mine = job.failure;
            if (mine instanceof RuntimeException r) throw r;
            if (mine instanceof Error e) throw e;
        } finally {
            BUSY.set(false);
        }
    }

    private static int bound(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    /** One forRange call: the chunks still running elsewhere, and the first failure among them. */
    private static final class Job {
        final Range body;
        final AtomicInteger pending;
        final Thread caller;
        volatile Throwable failure;

        Job(Range body, int pending, Thread caller) {
            this.body = body;
            this.pending = new AtomicInteger(pending);
            this.caller = caller;
        }

        void done(Throwable t) {
            if (t != null && failure == null) failure = t;
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }

        void await() {
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    /** A resident thread with a one-chunk mailbox. */
    private static final class Worker extends Thread {
        private volatile Job job;
        private int from, to;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void give(Job j, int from, int to) {
            this.from = from;
            this.to = to;
            this.job = j; // volatile write publishes from/to
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job j = job;
                long idleSince = System.nanoTime();
                while (j == null) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) Thread.onSpinWait();
                    else LockSupport.park(this);
                    j = job;
                }
                Throwable failure = null;
                try {
                    j.body.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                job = null;
                j.done(failure);
            }
        }
    }
}
