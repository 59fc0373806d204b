package dev.myelin.cpu;

import dev.myelin.backend.Backends;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CPU backend's start-up warm-up must not change what training computes: a small conv net
 * trained with the same seed gives the same bits before the warm-up, after it on the same backend
 * (its buffers back in the pool, its loop timings recorded), and while it runs in another thread.
 */
class CpuWarmUpTest {
    /** Fewer steps than at start-up (the same ops): the test checks what the steps leave behind, not the JIT. */
    private static final int[][] SHORT = {{8, 3}, {32, 2}};
    private final CpuBackend backend = new CpuBackend();
    private final dev.myelin.backend.Backend previous = Backends.current();

    @AfterEach
    void restore() {
        Backends.use(previous, "restored after CpuWarmUpTest");
    }

    @Test
    void trainingGivesTheSameBitsWithAndWithoutTheWarmUp() throws InterruptedException {
        Backends.use(backend, "CpuWarmUpTest");
        List<float[]> before = train();

        CpuWarmUp.run(backend, SHORT);
        List<float[]> after = train();

        Thread concurrent = new Thread(() -> CpuWarmUp.run(backend, SHORT));
        concurrent.start();
        List<float[]> during = train();
        concurrent.join();

        assertEquals(8, before.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "parameter " + i + ": after the warm-up vs before");
            assertArrayEquals(before.get(i), during.get(i), "parameter " + i + ": during the warm-up vs before");
        }
    }

    /** Two steps of batch 16 of a conv net with LeNet's layer kinds, from fixed seeds; its parameters after them. */
    private List<float[]> train() {
        Sequential m = new Sequential(new Input(12, 12, 1), new Conv2D(6, 3).activation("relu"), new MaxPooling2D(2),
                new Conv2D(20, 3).activation("relu"), new MaxPooling2D(2), new Flatten(),
                new Dense(32).activation("relu"), new Dense(10)).seed(3);
        m.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(true));
        SplittableRandom r = new SplittableRandom(7);
        int n = 32;
        float[] x = new float[n * 12 * 12], y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        m.fit(new Dataset(x, Shape.of(12, 12, 1), y, Shape.SCALAR), new FitOptions().epochs(1).batchSize(16).shuffle(false).verbose(0));
        List<float[]> params = new ArrayList<>();
        for (Tensor p : m.params()) params.add(p.toArray());
        m.release();
        return params;
    }
}
