package dev.myelin.cpu.kernel;

import dev.myelin.backend.InsufficientMemoryException;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads behind {@link Parallel}: one loop at a time, its chunks claimed by the calling
 * thread and the helpers alike, each its own segment first (see {@link Job}), so a loop finishes
 * even if no helper ever wakes, and the caller only waits for chunks a helper has already claimed (parked, once a short
 * spin has not seen them end). An idle helper spins before it parks, so back-to-back loops, the common case inside a
 * training step, never wait for a wake-up. How long it spins adapts: up to
 * {@code -Dmyelin.cpu.spinMicros} (default 200) while loops keep arriving within the spin, down to
 * {@link #MIN_SPIN_NANOS} while they do not. During warm-up the code between loops is still
 * interpreted and slow, so spins fail and the helper parks almost at once, leaving the core to the
 * JIT compiler instead of burning it (a fixed 200 us spin took a third of a 2-core machine there
 * while the compiler got a seventh, and the first epoch of {@code ./myelin train} ran 3x a steady one).
 */
final class WorkerTeam {
    private static final long SPIN_NANOS = Long.getLong("myelin.cpu.spinMicros", 200) * 1000;
    /** The shortest spin: about what an unpark costs under KVM, so parking sooner saves nothing. */
    private static final long MIN_SPIN_NANOS = Math.min(SPIN_NANOS, 10_000);
    /**
     * How long a caller with no chunk left spins for the helpers' last ones before it parks (the
     * helper that finishes the last chunk unparks it): as long as an idle helper spins. A helper's
     * chunk normally ends within this, and a caller that parks gives its core away on a busy host
     * and must wait for one again (with a 20 us spin the LeNet step at batch 16 fell to 43 steps/s
     * in an alternated round, against 168 with this spin); a chunk that does not end within it has
     * usually been descheduled, and then a spinning caller only burns the share of the core that
     * the helper, or the JIT compiler, could use.
     */
    private static final long WAIT_SPIN_NANOS = SPIN_NANOS;

    private final Thread[] helpers;
    /** 1 while helper i is parked or about to park: only those need an unpark. */
    private final AtomicIntegerArray parked;
    /** Helper i's current spin before parking, in ns: written and read by helper i alone. */
    private final long[] spinBudget;
    /** Held by the thread whose loop the team is running; others run their loops alone. */
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The latest loop; helpers tell a new one from the last one they saw by identity. */
    private volatile Job job;

    WorkerTeam(int helperCount) {
        helpers = new Thread[helperCount];
        parked = new AtomicIntegerArray(helperCount);
        spinBudget = new long[helperCount];
        Arrays.fill(spinBudget, MIN_SPIN_NANOS);
        for (int i = 0; i < helperCount; i++) {
            helpers[i] = new Helper(i);
            helpers[i].start();
        }
    }

    /**
     * Whether the calling thread could have the team now: not one of its helpers, and no other loop
     * running on it (a hint: {@link #run} may still find it taken).
     */
    boolean available() {
        return !(Thread.currentThread() instanceof Helper) && !busy.get();
    }

    /**
     * Runs the loop with the helpers' help and returns true, or returns false at once when the team
     * is taken (a loop inside a loop, or another thread's loop): the caller then runs it alone.
     * The caller claims chunks like any helper, so it only ever waits for chunks a helper has
     * already claimed, and waits parked after {@link #WAIT_SPIN_NANOS}.
     */
    boolean run(int n, int chunks, Parallel.Range body) {
        if (Thread.currentThread() instanceof Helper || !busy.compareAndSet(false, true)) return false;
        try {
            Job j = new Job(n, chunks, body, helpers.length + 1);
            job = j;
            // Dekker pairing with serve(): it sets parked then reads job, this writes job then reads parked.
            for (int i = 0; i < helpers.length; i++) {
                if (parked.get(i) == 1) LockSupport.unpark(helpers[i]);
            }
            j.work(0);
            j.awaitFinished();
            j.body = null; // every chunk is done: let the loop's arrays go
            Throwable failure = j.failure.get();
            if (failure instanceof OutOfMemoryError e) {
                throw InsufficientMemoryException.heap("a CPU kernel's scratch memory (in " + j.failedIn + ")", 0, e);
            }
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return true;
        } finally {
            busy.set(false);
        }
    }

    private void serve(int index) {
        Job seen = null;
        while (true) {
            Job j = awaitNext(index, seen);
            seen = j;
            j.work(index + 1);
        }
    }

    /**
     * Waits for a loop other than {@code seen}: spins for this helper's current budget, then parks.
     * A loop that arrives within the spin doubles the budget (up to {@link #SPIN_NANOS}); a spin
     * that ends without one halves it (down to {@link #MIN_SPIN_NANOS}).
     */
    private Job awaitNext(int index, Job seen) {
        long start = System.nanoTime(), deadline = start + spinBudget[index];
        for (int spins = 0; ; spins++) {
            Job j = job;
            if (j != seen) {
                spinBudget[index] = Math.min(SPIN_NANOS, spinBudget[index] * 2);
                return j;
            }
            if ((spins & 63) != 0 || System.nanoTime() < deadline) {
                Thread.onSpinWait();
                continue;
            }
            spinBudget[index] = Math.max(MIN_SPIN_NANOS, spinBudget[index] / 2);
            parked.set(index, 1);
            if (job == seen) LockSupport.park(this);
            parked.set(index, 0);
            if (job != seen) return job;
            deadline = System.nanoTime() + spinBudget[index];
        }
    }

    /**
     * One loop: chunk i covers [chunkStart(i), chunkStart(i + 1)). The chunks are cut into one
     * segment per thread, in order, and each thread claims its own segment's chunks first (the
     * caller the first segment, helper i segment i + 1), then what is left of the others'. So
     * while every thread keeps up, loops over the same arrays give each thread the same part of
     * them, which stays in its core's cache: on the 2-core host of benchmarks/RESULTS.md a thread
     * read 1.5 MB that the other one had just written 6 times slower than its own.
     */
    private static final class Job {
        final int n, chunks;
        /** Read only after a successful claim, and cleared only once every claimed chunk is done. */
        Parallel.Range body;
        /** Per segment, the next chunk to claim; segment s ends where segment s + 1 starts. */
        final AtomicInteger[] next;
        final AtomicInteger unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile String failedIn;
        /** The caller once it parks waiting for the last chunks, else null. */
        volatile Thread waiter;

        Job(int n, int chunks, Parallel.Range body, int threads) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.unfinished = new AtomicInteger(chunks);
            next = new AtomicInteger[Math.min(threads, chunks)];
            for (int s = 0; s < next.length; s++) next[s] = new AtomicInteger(segmentStart(s));
        }

        private int segmentStart(int s) {
            return (int) ((long) chunks * s / next.length);
        }

        /** Runs chunks until none is left to claim: thread {@code self}'s segment first (0: the caller). */
        void work(int self) {
            int segments = next.length;
            for (int k = 0; k < segments; k++) {
                int s = (self + k) % segments, end = s + 1 == segments ? chunks : segmentStart(s + 1);
                for (int i; (i = next[s].getAndIncrement()) < end; ) run(i);
            }
        }

        private void run(int i) {
            try {
                body.run(Parallel.chunkStart(n, chunks, i), Parallel.chunkStart(n, chunks, i + 1));
            } catch (Throwable t) {
                if (failure.compareAndSet(null, t)) failedIn = Thread.currentThread().getName();
            } finally {
                // Dekker pairing with awaitFinished(): this decrements then reads waiter, it writes waiter then reads unfinished.
                if (unfinished.decrementAndGet() == 0) {
                    Thread w = waiter;
                    if (w != null) LockSupport.unpark(w);
                }
            }
        }

        /** Returns once every chunk is done: spins {@link #WAIT_SPIN_NANOS}, then parks until the last one ends. */
        void awaitFinished() {
            long deadline = System.nanoTime() + WAIT_SPIN_NANOS;
            for (int spins = 0; unfinished.get() > 0; spins++) {
                if ((spins & 63) != 0 || System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                waiter = Thread.currentThread();
                while (unfinished.get() > 0) LockSupport.park(this);
                return;
            }
        }
    }

    /** The team's own threads, which never start a team loop of their own. */
    private final class Helper extends Thread {
        private final int index;

        Helper(int index) {
            super("myelin-cpu-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                try {
                    serve(index);
                } catch (Throwable t) {
                    // A loop's failure reaches its caller through Job.failure; a helper never dies of one.
                }
            }
        }
    }
}
