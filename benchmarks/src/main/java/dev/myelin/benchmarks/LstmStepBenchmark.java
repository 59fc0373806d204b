package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Shape;

import java.util.SplittableRandom;

/**
 * One training step of the Embedding-LSTM text classifier (Embedding(10000, 32), LSTM(32),
 * Dense(1, sigmoid), binary cross-entropy, Adam(1e-3)) on a batch of 64 sequences of 200 token ids
 * already on the backend; sequences/s in the {@code images} counter. benchmarks/pytorch/lstm_step.py
 * times the same step in PyTorch.
 */
public class LstmStepBenchmark extends StepBenchmark {
    static final int VOCABULARY = 10_000, EMBEDDING = 32, UNITS = 32, TOKENS = 200, BATCH = 64;

    @Override
    Trainee trainee(Backend be) {
        Sequential model = new Sequential(new Input(TOKENS), new Embedding(VOCABULARY, EMBEDDING), new LSTM(UNITS),
                new Dense(1).activation("sigmoid")).seed(1);
        SplittableRandom r = new SplittableRandom(3);
        float[] ids = new float[BATCH * TOKENS], labels = new float[BATCH];
        for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(VOCABULARY);
        for (int i = 0; i < BATCH; i++) labels[i] = r.nextInt(2);
        return new Trainee(model, new BinaryCrossentropy(),
                be.fromArray(Shape.of(BATCH, TOKENS), ids, 0), be.fromArray(Shape.of(BATCH, 1), labels, 0));
    }
}
