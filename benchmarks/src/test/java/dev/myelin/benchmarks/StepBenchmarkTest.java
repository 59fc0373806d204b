package dev.myelin.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The step benchmarks train the networks their PyTorch twins (benchmarks/pytorch/*_step.py) train:
 * parameter counts written out layer by layer, as the twins' layers count them, and one step of each
 * runs through the shared set-up, step and tear-down.
 */
class StepBenchmarkTest {
    @Test
    void lenetHasTheTwinsParameterCount() {
        long conv1 = 5 * 5 * 1 * 20 + 20, conv2 = 5 * 5 * 20 * 50 + 50;
        long dense1 = 4 * 4 * 50 * 500 + 500, dense2 = 500 * 10 + 10; // 28 -conv-> 24 -pool-> 12 -conv-> 8 -pool-> 4
        assertEquals(conv1 + conv2 + dense1 + dense2, stepOnce(train("lenet-4"), 4));
    }

    @Test
    void residualNetHasTheTwinsParameterCount() {
        long conv = 3 * 3 * 16 * 16, stem = 3 * 3 * 3 * 16, batchNorm = 2 * 16, dense = 16 * 10 + 10;
        assertEquals(stem + batchNorm + 2 * (conv + batchNorm) + dense, stepOnce(new ResNetStepBenchmark(), 64));
    }

    @Test
    void lstmHasKerasParameterCountOneBiasPerGate() {
        // PyTorch's LSTM has two biases per gate (b_ih and b_hh): lstm_step.py counts 4 x 32 more.
        long embedding = 10_000 * 32, lstm = 4 * 32 * (32 + 32) + 4 * 32, dense = 32 + 1;
        assertEquals(embedding + lstm + dense, stepOnce(new LstmStepBenchmark(), 64));
    }

    @Test
    void poolsHold8192SamplesOrAt32MegabytesOfInputTheirShareOfBatches() {
        assertEquals(8192, StepBenchmark.poolBatches(1, 28 * 28)); // LeNet at batch 1
        assertEquals(32, StepBenchmark.poolBatches(256, 28 * 28));
        assertEquals(42, StepBenchmark.poolBatches(64, 32 * 32 * 3)); // residual net: 2,730 samples fill 32 MB
        assertEquals(1, StepBenchmark.poolBatches(10_000, 28 * 28)); // a batch over the pool's size is its own pool
    }

    private static TrainStepBenchmark train(String config) {
        TrainStepBenchmark b = new TrainStepBenchmark();
        b.config = config;
        return b;
    }

    /** Runs one step on the CPU backend; returns the model's parameter count. */
    private static long stepOnce(StepBenchmark b, int batch) {
        b.backend = "cpu";
        b.setUp();
        try {
            Work work = new Work();
            b.step(work);
            assertEquals(batch, work.images, "samples counted per step");
            return b.parameterCount();
        } finally {
            b.tearDown();
        }
    }
}
