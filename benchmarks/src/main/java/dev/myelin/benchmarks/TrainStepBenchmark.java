package dev.myelin.benchmarks;

import dev.myelin.backend.Backend;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.Sequential;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole training step of the MLP or the LeNet ({@link Models}; sparse categorical cross-entropy
 * on the logits, Adam(1e-3)) at the batch of {@link #config}, over a pool of random images with
 * random labels ({@link StepBenchmark}); images/s. benchmarks/pytorch/lenet_step.py times the
 * LeNet's step in PyTorch.
 */
// A whole model has many methods for C2 to compile while both cores also run the model, so it
// warms up slowly: on the 2-core machine of RESULTS.md one-second iterations still rose until the
// 7th or 8th (LeNet step: 0.8, 25, 73, 82, 82, 77, 91, 83, 89 ops/s); 3 iterations measured the ramp.
@Warmup(iterations = 8, time = 1)
public class TrainStepBenchmark extends StepBenchmark {
    /** model-batch: the MLP at 128, the LeNet at 1, 4, 16, 64 and 256 (the small ones: where threads help least). */
    @Param({"mlp-128", "lenet-1", "lenet-4", "lenet-16", "lenet-64", "lenet-256"})
    public String config;

    @Override
    Trainee trainee(Backend be) {
        String[] parts = config.split("-");
        int batch = Integer.parseInt(parts[1]);
        Sequential model = Models.byName(parts[0]);
        return onRandomImages(model, new SparseCategoricalCrossentropy(true), be, 1, 10, batch, model.inputShape().toArray());
    }

    /** The same step with {@code -Dmyelin.cpu.threads=1}, so one JMH run measures 1 and 2 threads side by side. */
    @Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR, Jvm.NATIVE, "-Dmyelin.cpu.threads=1"})
    public static class OneThread extends TrainStepBenchmark {}
}
