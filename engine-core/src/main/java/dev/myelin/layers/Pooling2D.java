package dev.myelin.layers;

import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** What max and average pooling share; strides default to the pool size, as in Keras. */
public abstract class Pooling2D<T extends Pooling2D<T>> extends SlidingWindow2D<T> {
    private final PoolMode mode;

    protected Pooling2D(PoolMode mode, int poolH, int poolW) {
        super(poolH, poolW, poolH, poolW);
        this.mode = mode;
    }

    @Override
    protected String windowWord() { return "pool"; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int[] hw = outputSize(input);
        return Shape.of(hw[0], hw[1], input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Pool2dGeometry g = Pool2dGeometry.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), windowH, windowW,
                strideH(), strideW(), padding());
        return Ops.pool2d(mode, x, g);
    }
}
