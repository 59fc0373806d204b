package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;

/**
 * The batch-normalization ops (cuDNN) and dilated, grouped and depthwise convolutions (cuDNN with a
 * group count) against the CPU backend, on the same random inputs, TF32 off.
 *
 * <p>Tolerances as in {@link CudaVsCpuTest}: elementwise 1e-5; per-channel statistics and the
 * convolutions sum a few hundred products in another order, 1e-4 relative and absolute.
 * Batch normalization's backward subtracts two means from {@code dy}, whose rounding differs by
 * about 1e-6 between the two sums: also within 1e-4.
 */
@Tag("gpu")
class CudaNormalizationAndGroupedConvolutionTest {
    private static final double EW_R = 1e-5, EW_A = 1e-6, SUM_R = 1e-4, SUM_A = 1e-4;
    private static final float EPSILON = 1e-3f;

    private static Tensor in(Backend b, Shape s, long seed) { return b.fromArray(s, random(s, seed), 0); }

    private static Tensor in(Backend b, Shape s, long seed, float low, float high) {
        return b.fromArray(s, random(s.sizeAsInt(), seed, low, high), 0);
    }

    @Test
    void batchNormalizationTrainingInferenceAndBackward() {
        for (Shape s : GpuGeometries.BATCH_NORM_SHAPES) {
            Shape c = Shape.of(s.dim(-1));
            for (int k = 0; k < 3; k++) {
                int output = k;
                compare("batchNormTraining[" + k + "] " + s, SUM_R, SUM_A,
                        b -> b.batchNormTraining(in(b, s, 1), in(b, c, 2), in(b, c, 3), EPSILON)[output]);
            }
            compare("batchNormInference " + s, SUM_R, SUM_A, b -> b.batchNormInference(in(b, s, 1), in(b, c, 2), in(b, c, 3),
                    in(b, c, 4), in(b, c, 5, 0.1f, 2f), EPSILON));
            for (int k = 0; k < 3; k++) {
                int output = k;
                compare("batchNormBackward[" + k + "] " + s, SUM_R, SUM_A, b -> {
                    Tensor[] fwd = b.batchNormTraining(in(b, s, 1), in(b, c, 2), in(b, c, 3), EPSILON);
                    return b.batchNormBackward(in(b, s, 1), in(b, s, 6), in(b, c, 2), fwd[1], fwd[2], EPSILON)[output];
                });
            }
            compare("scaleLastAxis " + s, EW_R, EW_A, b -> b.scaleLastAxis(in(b, s, 7), in(b, c, 8)));
        }
    }

    @Test
    void dilatedGroupedAndDepthwiseConvolutions() {
        for (Conv2dGeometry g : GpuGeometries.dilatedAndGroupedConvolutions()) {
            Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), w = Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels());
            Shape y = Shape.of(g.batch(), g.outH(), g.outW(), g.outC());
            compare("conv2d " + g, SUM_R, SUM_A, b -> b.conv2d(in(b, x, 9), in(b, w, 10), g));
            compare("conv2dBackwardData " + g, SUM_R, SUM_A, b -> b.conv2dBackwardData(in(b, y, 11), in(b, w, 10), g));
            compare("conv2dBackwardFilter " + g, SUM_R, SUM_A, b -> b.conv2dBackwardFilter(in(b, x, 9), in(b, y, 11), g));
        }
    }

    @Test
    void convolutionWithAFoldedBatchNormResidualAndRelu() {
        // The CUDA backend composes conv2d, a batch norm, the add and the activation; the CPU applies them row by row.
        for (Conv2dGeometry g : new Conv2dGeometry[] {Conv2dGeometry.of(2, 9, 11, 16, 16, 3, 3, 1, 1, Padding.SAME),
                Conv2dGeometry.of(2, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID)}) {
            Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), w = Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels());
            Shape c = Shape.of(g.outC());
            for (dev.myelin.backend.ActivationKind kind : new dev.myelin.backend.ActivationKind[] {
                    dev.myelin.backend.ActivationKind.RELU, dev.myelin.backend.ActivationKind.LINEAR}) {
                compare("conv2dScaleShiftActivation " + kind + " " + g, SUM_R, SUM_A,
                        b -> b.conv2dScaleShiftActivation(in(b, x, 12), in(b, w, 13), g, in(b, c, 14), in(b, c, 15), kind, 0f));
                Shape y = Shape.of(g.batch(), g.outH(), g.outW(), g.outC());
                compare("conv2dScaleShiftAddActivation " + kind + " " + g, SUM_R, SUM_A,
                        b -> b.conv2dScaleShiftAddActivation(in(b, x, 12), in(b, w, 13), g, in(b, c, 14), in(b, c, 15), in(b, y, 16), kind, 0f));
            }
        }
    }
}
