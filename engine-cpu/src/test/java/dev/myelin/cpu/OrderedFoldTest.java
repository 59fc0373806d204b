package dev.myelin.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fold must give the left-to-right sum of the partials, bit for bit, whatever order and
 * threads the chunks finish on. The partials mix magnitudes from 1e-3 to 1e7, so float addition
 * in any other order gives other bits (checked below, so the test can tell).
 */
class OrderedFoldTest {
    private static final int CHUNKS = 16, SIZE = 1000;

    private static float[] partials(long seed) {
        Random r = new Random(seed);
        float[] p = new float[CHUNKS * SIZE];
        for (int i = 0; i < p.length; i++) p[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(11) - 3));
        return p;
    }

    private static float[] inOrder(float[] p, List<Integer> order) {
        float[] sum = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            float s = p[order.get(0) * SIZE + i];
            for (int k = 1; k < CHUNKS; k++) s += p[order.get(k) * SIZE + i];
            sum[i] = s;
        }
        return sum;
    }

    @Test
    void sumsInChunkOrderWhateverOrderAndThreadTheChunksFinishOn() throws InterruptedException {
        List<Integer> chunkOrder = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) chunkOrder.add(c);
        Random shuffle = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            float[] p = partials(trial);
            float[] expected = inOrder(p, chunkOrder);
            List<Integer> finishOrder = new ArrayList<>(chunkOrder);
            Collections.shuffle(finishOrder, shuffle);
            assertFalse(java.util.Arrays.equals(expected, inOrder(p, finishOrder)), "the data must be order-sensitive");

            float[] sum = new float[SIZE];
            OrderedFold fold = new OrderedFold(p, SIZE, CHUNKS, sum);
            ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>(finishOrder);
            int threads = 1 + trial % 4;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread.ofPlatform().start(() -> {
                    for (Integer c; (c = queue.poll()) != null; ) fold.finished(c);
                    done.countDown();
                });
            }
            done.await();
            fold.requireComplete();
            assertArrayEquals(expected, sum, "trial " + trial + ", " + threads + " threads, finish order " + finishOrder);
        }
    }

    @Test
    void aMissingChunkIsReported() {
        OrderedFold fold = new OrderedFold(partials(1), SIZE, CHUNKS, new float[SIZE]);
        for (int c = 0; c < CHUNKS; c++) if (c != 7) fold.finished(c);
        assertThrows(IllegalStateException.class, fold::requireComplete);
    }
}
