package dev.myelin.examples;

import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

/**
 * The LeNet-style CNN of {@code ./myelin train}: two 5x5 convolutions (20 and 50 filters, relu),
 * each followed by 2x2 max pooling, then Dense 500 relu and Dense 10 giving logits.
 * 431,080 trainable parameters on 28x28x1 images.
 */
public final class LeNet {
    public static final double LEARNING_RATE = 1e-3;

    private LeNet() {}

    public static Sequential build(int height, int width, int channels) {
        return new Sequential(
                new Input(height, width, channels),
                new Conv2D(20, 5, "relu"),
                new MaxPooling2D(2),
                new Conv2D(50, 5, "relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(500, "relu"),
                new Dense(10));
    }

    /** Adam and sparse categorical cross-entropy on logits, the numerically stable form. */
    public static void compile(Sequential model) {
        model.compile(new SparseCategoricalCrossentropy(true), new Adam(LEARNING_RATE), "accuracy");
    }
}
