package dev.myelin.backend;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * The seam between the backend-neutral engine and a device: a small set of coarse operations,
 * each with its backward. Layers, losses and optimizers are written once against it (through
 * {@link dev.myelin.tensor.Ops}); each backend uses its best call (cuBLAS, cuDNN, its own loops).
 *
 * <p>Conventions. Tensors are dense, row-major float32. Images are NHWC; convolution filters are
 * OHWI ({@code (filters, kernelH, kernelW, inChannels)}, cuDNN's NHWC filter layout). Every op
 * returns a new tensor allocated by this backend unless it says "in place". Inputs must belong to
 * this backend. Ops never synchronize with the host except {@link #copyToArray} and
 * {@link #synchronize}. Callers (the engine) check shapes before calling; backends may assume them.
 */
public interface Backend extends AutoCloseable {

    /** Short name: {@code cpu}, {@code cuda}. */
    String name();

    /** One line on the device: model, cores or memory, library versions. */
    String description();

    // ---- memory ----------------------------------------------------------------------------

    /**
     * Bytes this backend's tensors can still grow into, and how to raise the limit, or null when it
     * cannot tell. Fit checks a model and batch against it before training, to fail at once with the
     * numbers instead of running out part way.
     */
    default MemoryLimit memoryLimit() { return null; }

    /**
     * Whether a long {@code fit} should warm up on this backend before its first epoch (when its model has a
     * kind of layer no earlier warm-up of the JVM ran): run the model's own training and evaluation steps on
     * its first batches, then put the model and its optimizer back as they were. By default no; the CPU
     * backend says yes: its kernels are Java code that the JIT compiles only after hundreds of calls.
     */
    default boolean benefitsFromWarmUp() { return false; }

    /** A tensor with unspecified contents. */
    Tensor empty(Shape shape);

    /** A tensor of zeros. */
    Tensor zeros(Shape shape);

    /** A tensor with every element {@code value}. */
    Tensor full(Shape shape, float value);

    /** A tensor holding {@code shape.size()} values of {@code data} from {@code offset}. */
    Tensor fromArray(Shape shape, float[] data, int offset);

    /** Copies all of {@code t} to {@code dst} from {@code offset}; waits for pending work on {@code t}. */
    void copyToArray(Tensor t, float[] dst, int offset);

    /** A copy of {@code t} (same shape, own storage). */
    Tensor copy(Tensor t);

    /** Waits until all queued work has finished. */
    void synchronize();

    // ---- dense algebra -----------------------------------------------------------------------

    /** {@code op(a) @ op(b)} for 2-D {@code a}, {@code b}, where {@code op} transposes when asked. */
    Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB);

    /** {@code x + bias}, {@code bias} of shape {@code (C)} broadcast over the last axis of {@code x}. */
    Tensor addBias(Tensor x, Tensor bias);

    /** Sums {@code (..., C)} over every axis but the last, to {@code (C)}: the backward of {@link #addBias}. */
    Tensor sumToLastAxis(Tensor x);

    /** {@code x * scale}, {@code scale} of shape {@code (C)} broadcast over the last axis of {@code x}. */
    Tensor scaleLastAxis(Tensor x, Tensor scale);

    // ---- layout -------------------------------------------------------------------------------

    /**
     * Permutes the axes of {@code x} (rank 1 to 6): axis {@code i} of the result is axis
     * {@code axes[i]} of {@code x}. Its backward is the transpose by the inverse permutation.
     */
    Tensor transpose(Tensor x, int[] axes);

    /** Zero-pads NHWC {@code x} by rows at the {@code top} and {@code bottom} and columns at the {@code left} and {@code right}. */
    Tensor pad2d(Tensor x, int top, int bottom, int left, int right);

    /** The {@code height x width} window of NHWC {@code x} whose first row and column are {@code top} and {@code left}: the backward of {@link #pad2d}, and the other way round. */
    Tensor crop2d(Tensor x, int top, int left, int height, int width);

    /**
     * Keras's {@code ops.image.affine_transform} on NHWC {@code images}: output pixel (row {@code y},
     * column {@code x}) of image {@code n} reads the input at column {@code t0*x + t1*y + t2}, row
     * {@code t3*x + t4*y + t5}, where {@code t} is row {@code n} of {@code transforms} {@code (N, 6)};
     * positions between pixels per {@code interpolation}, outside the image per {@code fillMode}
     * ({@code fillValue} for CONSTANT). The output has the input's shape.
     */
    Tensor affineTransform(Tensor images, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode, float fillValue);

    /** Gradient of {@link #affineTransform} with respect to the images: each output gradient goes back to the pixels it was read from, with the same weights. */
    Tensor affineTransformBackward(Tensor dy, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode);

    /**
     * How many samples inference should run through a whole network at once, given the largest
     * activation one sample makes ({@code activationBytes}): {@code Model.predict} splits each batch
     * into parts of at most this many (for networks whose samples do not interact). A CPU backend
     * keeps a part's activations in its caches from layer to layer; by default, whole batches.
     */
    default int inferenceRows(long activationBytes) {
        return Integer.MAX_VALUE;
    }

    // ---- convolution and pooling -------------------------------------------------------------

    /** 2-D convolution (cross-correlation, as in Keras): {@code x} NHWC, {@code w} OHWI, result NHWC. */
    Tensor conv2d(Tensor x, Tensor w, Conv2dGeometry g);

    /**
     * {@code activation(kind, alpha, conv2d(x, w, g) * scale + shift)}, {@code scale} and
     * {@code shift} per output channel, for inference (nothing recorded): a convolution with the
     * batch norm after it folded in. A backend may apply scale, shift and activation to each part
     * of the output as it makes it, while it is in cache; by default it is the ops one after the
     * other (a batch norm with mean 0 and variance 1, then the activation).
     */
    default Tensor conv2dScaleShiftActivation(Tensor x, Tensor w, Conv2dGeometry g, Tensor scale, Tensor shift,
                                              ActivationKind kind, float alpha) {
        try (Tensor y = conv2d(x, w, g); Tensor zeros = zeros(shift.shape()); Tensor ones = full(shift.shape(), 1f);
             Tensor affine = batchNormInference(y, scale, shift, zeros, ones, 0f)) {
            return activation(kind, alpha, affine);
        }
    }

    /**
     * {@code activation(kind, alpha, conv2d(x, w, g) * scale + shift + residual)}, {@code residual}
     * of the output's shape, for inference: a residual block's last convolution with its batch norm
     * folded in, the Add of the shortcut and the activation after it. As
     * {@link #conv2dScaleShiftActivation}, a backend may apply all of it to each part of the output
     * as it makes it; by default it is the ops one after the other.
     */
    default Tensor conv2dScaleShiftAddActivation(Tensor x, Tensor w, Conv2dGeometry g, Tensor scale, Tensor shift, Tensor residual,
                                                 ActivationKind kind, float alpha) {
        try (Tensor y = conv2dScaleShiftActivation(x, w, g, scale, shift, ActivationKind.LINEAR, 0f);
             Tensor sum = binary(BinaryOp.ADD, y, residual)) {
            return activation(kind, alpha, sum);
        }
    }

    /** Gradient of {@link #conv2d} with respect to {@code x}, from the output gradient {@code dy}. */
    Tensor conv2dBackwardData(Tensor dy, Tensor w, Conv2dGeometry g);

    /** Gradient of {@link #conv2d} with respect to {@code w}, from the output gradient {@code dy}. */
    Tensor conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dGeometry g);

    /** Max or average pooling of NHWC {@code x}. Average pooling does not count padding (Keras). */
    Tensor pool2d(PoolMode mode, Tensor x, Pool2dGeometry g);

    /** Gradient of {@link #pool2d}; {@code y} is its output. Max pooling routes to the first maximum. */
    Tensor pool2dBackward(PoolMode mode, Tensor x, Tensor y, Tensor dy, Pool2dGeometry g);

    // ---- sequences: gather, axis copies, fused recurrence -------------------------------------

    /**
     * Rows of a batch of tables: {@code table} {@code (B, V, D)}, {@code indices} {@code (B, M)} or
     * {@code (1, M)} (one set for every table), row numbers stored as floats; returns
     * {@code (B, M, D)}. An index outside {@code [0, V)} gives a row of zeros (how padding is read).
     */
    Tensor gather(Tensor table, Tensor indices);

    /**
     * Gradient of {@link #gather} with respect to the table: {@code (B, rows, D)} zeros with each row
     * of {@code dy} {@code (B, M, D)} added at its index (indices outside {@code [0, rows)} dropped).
     */
    Tensor gatherBackward(Tensor indices, Tensor dy, int rows);

    /**
     * In place: copies {@code length} positions of {@code axis} of {@code src}, from
     * {@code srcStart}, into {@code dst} from {@code dstStart}; every other axis is equal in both.
     * Slicing, concatenation and their backwards are this copy.
     */
    void copyAlongAxis(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length);

    /**
     * Runs a recurrent layer over a whole sequence and returns its workspace (layout in
     * {@link RecurrentGeometry}). {@code inputProjection} {@code (batch, steps, projection)} is
     * {@code x W + b} for every time step, in time order; {@code recurrentKernel}
     * {@code (units, projection)}; {@code recurrentBias} {@code (projection)} for GRU, else null;
     * {@code h0}, {@code c0} {@code (batch, units)} the initial states ({@code c0} null but for
     * LSTM); {@code mask} {@code (batch, steps)} 1 for a step to run and 0 to skip, or null;
     * {@code recurrentDropout} {@code (batch, units)}, multiplied into {@code h} before the recurrent
     * projection (Keras's recurrent dropout, one mask for every step), or null.
     */
    Tensor recurrentForward(RecurrentGeometry g, Tensor inputProjection, Tensor recurrentKernel, Tensor recurrentBias,
                            Tensor h0, Tensor c0, Tensor mask, Tensor recurrentDropout);

    /**
     * Backpropagation through time for {@link #recurrentForward}, from the gradient of its workspace
     * (only the {@code h} and {@code c} entries of {@code dWorkspace} are read). Returns the
     * gradients of {@code inputProjection}, {@code recurrentKernel}, {@code recurrentBias} (null
     * when it is), {@code h0} and {@code c0} (null when it is), in that order.
     */
    Tensor[] recurrentBackward(RecurrentGeometry g, Tensor recurrentKernel, Tensor recurrentBias, Tensor h0, Tensor c0,
                               Tensor mask, Tensor recurrentDropout, Tensor workspace, Tensor dWorkspace);
    // ---- normalization -----------------------------------------------------------------------
    // Batch normalization normalizes each channel (the last axis) over every other axis.

    /**
     * Batch normalization in training mode: {@code y = (x - mean) * invStd * gamma + beta} with the
     * batch's per-channel mean and {@code invStd = 1 / sqrt(variance + epsilon)}, the variance biased
     * (divided by the count, as Keras's moments). Returns {@code {y, mean, invStd}}, the last two of
     * shape {@code (C)}, kept for {@link #batchNormBackward}.
     */
    Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon);

    /** Batch normalization in inference mode, with given (moving) statistics: {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}. */
    Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon);

    /**
     * Gradient of {@link #batchNormTraining} from the output gradient {@code dy} and the saved
     * {@code mean} and {@code invStd}: returns {@code {dx, dgamma, dbeta}}.
     */
    Tensor[] batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, float epsilon);

    // ---- activations and softmax -------------------------------------------------------------

    /** Elementwise activation; {@code alpha} is the slope of leaky relu or the scale of elu. */
    Tensor activation(ActivationKind kind, float alpha, Tensor x);

    /** Gradient of {@link #activation}, given its input {@code x}, output {@code y} and output gradient. */
    Tensor activationBackward(ActivationKind kind, float alpha, Tensor x, Tensor y, Tensor dy);

    /**
     * {@code activation(kind, alpha, addBias(x, bias))} with the same bits, for inference (nothing
     * recorded): a backend may do it in one pass over {@code x}; by default it is the two ops.
     */
    default Tensor addBiasActivation(Tensor x, Tensor bias, ActivationKind kind, float alpha) {
        try (Tensor sum = addBias(x, bias)) {
            return activation(kind, alpha, sum);
        }
    }

    /** Softmax over the last axis. */
    Tensor softmax(Tensor x);

    /** Gradient of {@link #softmax} from its output {@code y}. */
    Tensor softmaxBackward(Tensor y, Tensor dy);

    /** Log-softmax over the last axis, computed with log-sum-exp. */
    Tensor logSoftmax(Tensor x);

    /** Gradient of {@link #logSoftmax} from its output {@code y}. */
    Tensor logSoftmaxBackward(Tensor y, Tensor dy);

    // ---- fused losses ------------------------------------------------------------------------

    /**
     * Per-row cross-entropy of softmax({@code logits}) against {@code labels}: logits {@code (N, C)};
     * labels {@code (N)} class indices when {@code sparse}, else {@code (N, C)} probabilities.
     * Returns {@code (N)}. Stable for any logits (log-sum-exp).
     */
    Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, boolean sparse);

    /** Gradient of {@link #softmaxCrossEntropy} with respect to the logits, given {@code dLoss} of shape {@code (N)}. */
    Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, boolean sparse, Tensor dLoss);

    /** Elementwise binary cross-entropy of sigmoid({@code logits}) against {@code targets}, computed stably. */
    Tensor sigmoidCrossEntropy(Tensor logits, Tensor targets);

    /** Gradient of {@link #sigmoidCrossEntropy} with respect to the logits. */
    Tensor sigmoidCrossEntropyBackward(Tensor logits, Tensor targets, Tensor dy);

    // ---- elementwise -------------------------------------------------------------------------

    /** Elementwise {@code op(x)}. */
    Tensor unary(UnaryOp op, Tensor x);

    /** {@code a op b}; the shapes are equal, or one side has a single element (broadcast). */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** {@code x op s} for a host scalar {@code s}. */
    Tensor scalar(ScalarOp op, Tensor x, float s);

    /** Gradient of {@link #unary} given its input {@code x}, output {@code y}, output gradient {@code dy}. */
    Tensor unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy);

    // ---- reductions --------------------------------------------------------------------------

    /** Sum of all elements, as a scalar tensor (shape {@code ()}). */
    Tensor sum(Tensor x);

    /** Sums {@code (..., C)} over the last axis, to {@code (...)}. */
    Tensor sumLastAxis(Tensor x);

    /** Repeats {@code x} of shape {@code s} along a new last axis of size {@code n}: {@code (s..., n)}. The backward of {@link #sumLastAxis}. */
    Tensor broadcastLastAxis(Tensor x, int n);

    /**
     * Columns {@code [from, from + width)} of {@code x} viewed as a matrix {@code (rows, cols)}, {@code cols}
     * its last axis: {@code (rows, width)}. With {@link #copyColumns} it concatenates, splits and
     * broadcasts along any axis (the caller views the tensors as matrices).
     */
    Tensor sliceColumns(Tensor x, int from, int width);

    /** Writes {@code src} {@code (rows, w)} into columns {@code [from, from + w)} of {@code dst} {@code (rows, cols)}, in place. */
    void copyColumns(Tensor src, Tensor dst, int from);

    /** One-hot rows {@code (N, classes)} from class indices {@code (N)} stored as floats. */
    Tensor oneHot(Tensor indices, int classes);

    /** Index of the largest value along the last axis (first on ties), as floats: {@code (..., C)} to {@code (...)}. */
    Tensor argmaxLastAxis(Tensor x);

    /**
     * How many predictions are right, as a scalar tensor; stays on the device so metrics need no
     * copy per step. {@code predictions} {@code (N, C)} or {@code (N)}/{@code (N, 1)} for binary;
     * {@code labels} as {@link AccuracyKind} says.
     */
    Tensor countCorrect(AccuracyKind kind, Tensor predictions, Tensor labels, float threshold);

    // ---- randomness ----------------------------------------------------------------------------
    // Counter-based (see CounterRandom), so every backend draws the same numbers for the same seed.

    /** Uniform draws in {@code [low, high)}, the same numbers on every backend for the same seed. */
    Tensor randomUniform(Shape shape, float low, float high, long seed);

    /** Normal draws; {@code truncated} redraws values beyond two standard deviations (Keras's TruncatedNormal). */
    Tensor randomNormal(Shape shape, float mean, float stddev, boolean truncated, long seed);

    /** Inverted dropout: zeroes each element with probability {@code rate}, scales the rest by {@code 1/(1-rate)}. */
    Tensor dropout(Tensor x, float rate, long seed);

    /** Gradient of {@link #dropout}: the same mask, regenerated from the seed. */
    Tensor dropoutBackward(Tensor dy, float rate, long seed);

    // ---- in place: accumulation and optimizer updates -----------------------------------------

    /** {@code dst += alpha * src}, in place. */
    void addInPlace(Tensor dst, Tensor src, float alpha);

    /** Copies {@code src} into {@code dst} (same size), in place. */
    void copyInto(Tensor src, Tensor dst);

    /**
     * SGD step in place, Keras's formulation: {@code v = momentum*v - lr*g}; {@code p += v}, or with
     * Nesterov {@code p += momentum*v - lr*g}. {@code velocity} is null when momentum is 0.
     */
    void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov);

    /**
     * Adam step in place, Keras's formulation: {@code m = b1*m + (1-b1)*g}; {@code v = b2*v + (1-b2)*g^2};
     * {@code p -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)}, {@code t} counting from 1.
     */
    void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon, long step);

    /**
     * RMSprop step in place, Keras's formulation: {@code ms = rho*ms + (1-rho)*g^2};
     * {@code delta = lr*g/sqrt(ms+eps)}; with momentum {@code mom = momentum*mom + delta; p -= mom},
     * else {@code p -= delta}. {@code mom} is null when momentum is 0.
     */
    void rmspropUpdate(Tensor param, Tensor grad, Tensor ms, Tensor mom, float lr, float rho, float momentum, float epsilon);

    /** Releases the device, its handles and cached memory. */
    @Override
    void close();
}
