package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training step of the Embedding-LSTM text classifier (Embedding(10000, 32), LSTM(32),
 * Dense(1, sigmoid), binary cross-entropy, Adam(1e-3)) on batches of 64 sequences of 200 token ids
 * already on the backend (a pool, {@link StepBenchmark}); sequences/s in the {@code images} counter.
 * benchmarks/pytorch/lstm_step.py times the same step in PyTorch.
 */
public class LstmStepBenchmark extends StepBenchmark {
    static final int VOCABULARY = 10_000, EMBEDDING = 32, UNITS = 32, TOKENS = 200, BATCH = 64;

    @Override
    Trainee trainee(Backend be) {
        Sequential model = new Sequential(new Input(TOKENS), new Embedding(VOCABULARY, EMBEDDING), new LSTM(UNITS),
                new Dense(1).activation("sigmoid")).seed(1);
        SplittableRandom r = new SplittableRandom(3);
        List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int b = 0, n = poolBatches(BATCH, TOKENS); b < n; b++) {
            float[] ids = new float[BATCH * TOKENS], labels = new float[BATCH];
            for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(VOCABULARY);
            for (int i = 0; i < BATCH; i++) labels[i] = r.nextInt(2);
            xs.add(be.fromArray(Shape.of(BATCH, TOKENS), ids, 0));
            ys.add(be.fromArray(Shape.of(BATCH, 1), labels, 0));
        }
        return new Trainee(model, new BinaryCrossentropy(), xs, ys);
    }
}
