package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;

/**
 * Scratch arrays for the tasks of one parallel loop, one for each thread that can run a task at
 * once, taken from the pool before the loop starts. Taking them inside the tasks would make the
 * number held at once depend on timing, and with it whether a step allocates.
 */
final class ScratchArrays implements AutoCloseable {
    private final BufferPool pool;
    private final float[][] free;
    private int top;

    /** Enough for a loop of {@code tasks} tasks, each needing one array of {@code length} floats. */
    ScratchArrays(BufferPool pool, int tasks, int length) {
        this.pool = pool;
        this.free = new float[Math.max(1, Math.min(tasks, Parallel.threads()))][];
        for (int i = 0; i < free.length; i++) free[i] = pool.acquire(length);
        this.top = free.length;
    }

    synchronized float[] take() {
        if (top == 0) throw new IllegalStateException("more tasks running at once than threads: " + free.length);
        return free[--top];
    }

    synchronized void give(float[] a) {
        free[top++] = a;
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < top; i++) pool.release(free[i]);
        top = 0;
    }
}
