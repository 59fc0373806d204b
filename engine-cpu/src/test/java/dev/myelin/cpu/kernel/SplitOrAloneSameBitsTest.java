package dev.myelin.cpu.kernel;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The LeNet trained for two steps gives the same bits whether every parallel loop runs split, runs
 * alone, or goes the way its site measured faster: how a loop runs must never change its result.
 * (Batch 32: the convolutions, the Dense 500 products and the Adam update are all large enough to split;
 * batches 1 and 4: the Dense 500's products and update split its kernel's rows in owned parts, see Sgemm.splitsDepth.)
 */
class SplitOrAloneSameBitsTest {

    @AfterEach
    void measuredAgain() {
        Parallel.way = Parallel.Way.MEASURED;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 32})
    void lenetStepsGiveTheSameBitsEitherWay(int batch) {
        List<float[]> alone = train(Parallel.Way.ALONE, batch), split = train(Parallel.Way.SPLIT, batch), measured = train(Parallel.Way.MEASURED, batch);
        assertEquals(8, alone.size());
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i), split.get(i), "parameter " + i + ": split vs alone");
            assertArrayEquals(alone.get(i), measured.get(i), "parameter " + i + ": measured vs alone");
        }
    }

    private static List<float[]> train(Parallel.Way way, int batch) {
        Parallel.way = way;
        Sequential m = new Sequential(new Input(28, 28, 1), new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
                new Conv2D(50, 5).activation("relu"), new MaxPooling2D(2), new Flatten(),
                new Dense(500).activation("relu"), new Dense(10)).seed(1);
        m.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(true));
        SplittableRandom r = new SplittableRandom(5);
        int n = 2 * batch;
        float[] x = new float[n * 28 * 28], y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        m.fit(new Dataset(x, Shape.of(28, 28, 1), y, Shape.SCALAR), new FitOptions().epochs(1).batchSize(batch).shuffle(false).verbose(0));
        List<float[]> params = new ArrayList<>();
        for (Tensor p : m.params()) params.add(p.toArray());
        m.release();
        return params;
    }
}
