package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.Model;

/**
 * One training step of the resnet example's residual net (32x32x3 input; Conv2D 16 3x3 same without bias,
 * BatchNormalization, relu; one residual block of two such Conv2D + BatchNormalization with relu
 * between, added to the block's input, relu; GlobalAveragePooling2D; Dense 10 softmax; sparse
 * categorical cross-entropy; Adam(1e-3)) on batches of 64 images already on the backend (a pool,
 * {@link StepBenchmark}); images/s in the {@code images} counter. benchmarks/pytorch/resnet_step.py
 * times the same step in PyTorch.
 */
public class ResNetStepBenchmark extends StepBenchmark {
    static final int BATCH = 64, SIDE = 32, CHANNELS = 3, FILTERS = 16, CLASSES = 10;

    /** The residual net, built with the functional API. */
    static Model residualNet() {
        SymbolicTensor in = Input.of(SIDE, SIDE, CHANNELS);
        SymbolicTensor shortcut = new Activation("relu").apply(new BatchNormalization().apply(conv(in)));
        SymbolicTensor x = new Activation("relu").apply(new BatchNormalization().apply(conv(shortcut)));
        x = new BatchNormalization().apply(conv(x));
        x = new Activation("relu").apply(new Add().apply(x, shortcut));
        SymbolicTensor out = new Dense(CLASSES).activation("softmax").apply(new GlobalAveragePooling2D().apply(x));
        return new Model(in, out).seed(1);
    }

    private static SymbolicTensor conv(SymbolicTensor x) {
        return new Conv2D(FILTERS, 3).padding("same").useBias(false).apply(x);
    }

    @Override
    Trainee trainee(Backend be) {
        return onRandomImages(residualNet(), new SparseCategoricalCrossentropy(), be, 2, CLASSES, BATCH, SIDE, SIDE, CHANNELS);
    }
}
