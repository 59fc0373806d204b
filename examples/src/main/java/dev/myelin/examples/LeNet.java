package dev.myelin.examples;

import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.LearningRateSchedule;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

/**
 * The LeNet-style CNN of {@code ./myelin train}: two 5x5 convolutions (20 and 50 filters, relu),
 * each followed by 2x2 max pooling, then Dense 500 relu and Dense 10 giving logits; Adam at 0.001,
 * halved after each epoch.
 * 431,080 trainable parameters on 28x28x1 images.
 */
public final class LeNet {
    public static final float LEARNING_RATE = 1e-3f;
    /**
     * The learning rate is halved after every epoch. Chosen on validation, never on the test set:
     * 5 epochs of batch 32 on 9,000 of the embedded training images, validated on the other 1,000,
     * seeds 1-3, gave mean validation loss / accuracy 0.0846 / 0.9740 at a constant rate, 0.0705 /
     * 0.9767 decaying by 0.7 per epoch and 0.0681 / 0.9753 by 0.5 (lowest loss, so 0.5). At a
     * constant rate the last epochs bounce: the test accuracy of the default run moved by half a
     * point from one epoch to the next.
     */
    public static final float DECAY_PER_EPOCH = 0.5f;

    private LeNet() {}

    /** The network for images of {@code (height, width, channels)}, its weights drawn from {@code seed}. */
    public static Sequential build(int height, int width, int channels, long seed) {
        return new Sequential(
                new Input(height, width, channels),
                new Conv2D(20, 5).activation("relu"),
                new MaxPooling2D(2),
                new Conv2D(50, 5).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(500).activation("relu"),
                new Dense(10)).seed(seed);
    }

    /** Halves the learning rate after each epoch (see {@link #DECAY_PER_EPOCH}). */
    public static LearningRateSchedule schedule() {
        return LearningRateSchedule.decayEachEpoch(DECAY_PER_EPOCH);
    }

    /** Adam and sparse categorical cross-entropy on logits, the numerically stable form. */
    public static void compile(Sequential model) {
        model.compile(new Adam(LEARNING_RATE), new SparseCategoricalCrossentropy(true), "accuracy");
    }
}
