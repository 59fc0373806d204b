package dev.myelin.cpu.kernel;

import dev.myelin.backend.Backend;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Batch normalization's training forward and backward give the same bits whether its loops run
 * split across threads or alone: the statistics are summed per fixed block of rows and the blocks
 * merged in order, whoever computed them. Shapes of many blocks, large enough to split, with 16
 * channels and with 13 (off the vector widths). What it catches: a block missed, done twice or
 * raced on; an order of the double sums that depends on the chunks mostly hides in the float
 * results (summing per chunk instead of per block passed it), which is also why that would matter little.
 */
class BatchNormSplitOrAloneTest {
    private final Backend be = new CpuBackend();

    @AfterEach
    void measuredAgain() {
        Parallel.way = Parallel.Way.MEASURED;
    }

    @Test
    void trainingForwardAndBackwardGiveTheSameBitsEitherWay() {
        for (Shape s : new Shape[] {Shape.of(8, 32, 32, 16), Shape.of(8, 30, 30, 13)}) {
            List<float[]> alone = run(Parallel.Way.ALONE, s), split = run(Parallel.Way.SPLIT, s);
            String[] names = {"y", "mean", "invStd", "dx", "dgamma", "dbeta"};
            for (int i = 0; i < names.length; i++) assertArrayEquals(alone.get(i), split.get(i), s + ": " + names[i] + ", split vs alone");
        }
    }

    private List<float[]> run(Parallel.Way way, Shape s) {
        Parallel.way = way;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[s.sizeAsInt()], dy = new float[x.length], gamma = new float[s.dim(-1)], beta = new float[gamma.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + r.nextDouble() * 2);
            dy[i] = (float) (r.nextDouble() - 0.5);
        }
        for (int j = 0; j < gamma.length; j++) {
            gamma[j] = (float) r.nextDouble();
            beta[j] = (float) r.nextDouble();
        }
        try (Scope scope = Scope.open()) {
            Shape c = Shape.of(gamma.length);
            Tensor xt = be.fromArray(s, x, 0).requiresGrad(true), g = be.fromArray(c, gamma, 0).requiresGrad(true);
            Tensor b = be.fromArray(c, beta, 0).requiresGrad(true);
            Tensor[] out = Ops.batchNormTraining(xt, g, b, 1e-3f);
            Ops.sum(Ops.mul(out[0], be.fromArray(s, dy, 0))).backward();
            return new ArrayList<>(List.of(out[0].toArray(), out[1].toArray(), out[2].toArray(), xt.grad().toArray(),
                    g.grad().toArray(), b.grad().toArray()));
        }
    }
}
