package dev.myelin.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * What handing data from one core to another costs on this host: the time the main thread takes to
 * copy an array it has just written itself, against one a second thread has just written, for
 * arrays of 16 KB to 6 MB (LeNet's Dense 500 weights are 1.6 MB). Both copies are the same
 * {@code System.arraycopy}; the rounds alternate, and each size prints the median of each. A split
 * loop whose output the other thread reads next pays the difference. Run: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.myelin.benchmarks.CrossCoreRead [rounds]}.
 */
public final class CrossCoreRead {
    private static final int[] SIZES_KB = {16, 256, 1024, 1562, 6250};
    /** 1: the writer's turn; 2: it has written. */
    private static volatile int turn;
    private static volatile float[] shared;

    private CrossCoreRead() {}

    /** Runs the comparison; {@code args[0]} is the number of rounds per size (default 3,000). */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Thread writer = new Thread(CrossCoreRead::writeOnRequest, "writer");
        writer.setDaemon(true);
        writer.start();
        for (int kb : SIZES_KB) {
            float[] a = new float[kb * 1024 / Float.BYTES], copy = new float[a.length];
            shared = a;
            long[] own = new long[rounds], other = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                write(a);
                own[r] = timedCopy(a, copy);
                turn = 1;
                while (turn != 2) Thread.onSpinWait();
                other[r] = timedCopy(a, copy);
            }
            Arrays.sort(own);
            Arrays.sort(other);
            double ownUs = own[rounds / 2] / 1e3, otherUs = other[rounds / 2] / 1e3;
            System.out.printf(Locale.ROOT, "%5d KB: after its own write %7.1f us, after the other thread's %7.1f us (%.1fx)%n",
                    kb, ownUs, otherUs, otherUs / ownUs);
        }
    }

    private static void writeOnRequest() {
        while (true) {
            while (turn != 1) Thread.onSpinWait();
            write(shared);
            turn = 2;
        }
    }

    private static void write(float[] a) {
        for (int i = 0; i < a.length; i++) a[i] += 1f;
    }

    private static long timedCopy(float[] a, float[] copy) {
        long start = System.nanoTime();
        System.arraycopy(a, 0, copy, 0, a.length);
        return System.nanoTime() - start;
    }
}
