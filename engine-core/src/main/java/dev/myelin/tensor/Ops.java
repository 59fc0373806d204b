package dev.myelin.tensor;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;

import java.util.List;

/**
 * The differentiable ops that layers, losses and users compose: each runs on the inputs' backend
 * and, when an input requires grad and recording is on, records how to backpropagate. A loss or
 * layer written with these trains without a hand-written backward.
 */
public final class Ops {
    private Ops() {}

    /** Turns gradient recording off until closed: for inference and evaluation. */
    public static AutoCloseable noGrad() {
        return Autograd.pauseRecording();
    }

    /** Whether ops record gradients on this thread now (false inside {@link #noGrad()}). */
    public static boolean recording() {
        return Autograd.recording();
    }

    private static boolean track(Tensor... inputs) {
        if (!Autograd.recording()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    static Tensor record(Tensor out, String name, Node.Backward backward, Tensor... inputs) {
        if (track(inputs)) out.setGradFn(new Node(name, backward, inputs));
        return out;
    }

    static boolean needs(Tensor t) {
        return t.requiresGrad();
    }

    private static Backend backendOf(Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException("tensors on different backends: " + a + " and " + b);
        }
        return a.backend();
    }

    // ---- shape ------------------------------------------------------------------------------

    /** The same values under another shape of the same size (a view; no copy). */
    public static Tensor reshape(Tensor x, Shape shape) {
        if (shape.size() != x.size()) {
            throw new IllegalArgumentException("reshape: " + x.shape() + " has " + x.size() + " values, " + shape + " needs " + shape.size());
        }
        Tensor y = x.view(shape);
        return record(y, "reshape", g -> new Tensor[] {g.view(x.shape())}, x);
    }

    /** Flattens every axis but the first: {@code (N, ...)} to {@code (N, rest)}. */
    public static Tensor flatten(Tensor x) {
        return reshape(x, Shape.of(x.dim(0), (int) (x.size() / x.dim(0))));
    }

    /**
     * Joins {@code parts} along {@code axis} (negative counts from the end; every other axis equal), as
     * Keras's {@code ops.concatenate}. The gradient of each part is its slice of the output gradient.
     */
    public static Tensor concatenate(java.util.List<Tensor> parts, int axis) {
        Tensor first = parts.get(0);
        int ax = axis < 0 ? first.rank() + axis : axis;
        if (ax < 0 || ax >= first.rank()) throw new IllegalArgumentException("concatenate: axis " + axis + " is outside rank " + first.rank());
        int[] dims = first.shape().toArray();
        int total = 0;
        for (Tensor p : parts) {
            int[] d = p.shape().toArray();
            boolean same = d.length == dims.length;
            for (int i = 0; same && i < d.length; i++) same = i == ax || d[i] == dims[i];
            if (!same) {
                throw new IllegalArgumentException("concatenate: shapes " + first.shape() + " and " + p.shape() + " differ on an axis other than " + axis);
            }
            total += d[ax];
        }
        int pre = 1, post = 1;
        for (int i = 0; i < ax; i++) pre *= dims[i];
        for (int i = ax + 1; i < dims.length; i++) post *= dims[i];
        Backend be = first.backend();
        Tensor out = be.empty(Shape.of(pre, total * post));
        int[] offsets = new int[parts.size()];
        int offset = 0;
        for (int k = 0; k < parts.size(); k++) {
            Tensor p = parts.get(k);
            offsets[k] = offset;
            try (Tensor m = p.view(Shape.of(pre, p.dim(ax) * post))) {
                be.copyColumns(m, out, offset);
            }
            offset += p.dim(ax) * post;
        }
        dims[ax] = total;
        Tensor y = out.view(Shape.of(dims));
        out.close();
        final int rows = pre, width = post, columns = total * post;
        return record(y, "concatenate", g -> {
            Tensor[] grads = new Tensor[parts.size()];
            try (Tensor gm = g.view(Shape.of(rows, columns))) {
                for (int k = 0; k < grads.length; k++) {
                    Tensor p = parts.get(k);
                    if (!needs(p)) continue;
                    try (Tensor slice = be.sliceColumns(gm, offsets[k], p.dim(ax) * width)) {
                        grads[k] = slice.view(p.shape());
                    }
                }
            }
            return grads;
        }, parts.toArray(Tensor[]::new));
    }

    /** Elements {@code [from, from + size)} of {@code axis} (negative counts from the end), as Keras's {@code ops.slice}. */
    public static Tensor slice(Tensor x, int axis, int from, int size) {
        int ax = axis < 0 ? x.rank() + axis : axis;
        if (ax < 0 || ax >= x.rank() || from < 0 || size < 1 || from + size > x.dim(ax)) {
            throw new IllegalArgumentException("slice: [" + from + ", " + (from + size) + ") of axis " + axis + " is outside " + x.shape());
        }
        int[] dims = x.shape().toArray();
        int pre = 1, post = 1;
        for (int i = 0; i < ax; i++) pre *= dims[i];
        for (int i = ax + 1; i < dims.length; i++) post *= dims[i];
        Backend be = x.backend();
        int cols = dims[ax] * post, rows = pre, width = post;
        Tensor y;
        try (Tensor m = x.view(Shape.of(pre, cols)); Tensor s = be.sliceColumns(m, from * post, size * post)) {
            dims[ax] = size;
            y = s.view(Shape.of(dims));
        }
        return record(y, "slice", g -> {
            Tensor gx = be.zeros(Shape.of(rows, cols));
            try (Tensor gm = g.view(Shape.of(rows, size * width))) {
                be.copyColumns(gm, gx, from * width);
            }
            Tensor shaped = gx.view(x.shape());
            gx.close();
            return new Tensor[] {shaped};
        }, x);
    }

    /**
     * Repeats {@code x} along its axes of size 1 to {@code shape} (same rank), NumPy's broadcasting; the
     * gradient sums back over the repeats.
     */
    public static Tensor broadcastTo(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) return x;
        if (x.rank() != shape.rank()) throw new IllegalArgumentException("broadcastTo: " + x.shape() + " and " + shape + " differ in rank");
        Tensor y = x;
        for (int ax = x.rank() - 1; ax >= 0; ax--) {
            int n = shape.dim(ax);
            if (y.dim(ax) == n) continue;
            if (y.dim(ax) != 1) throw new IllegalArgumentException("broadcastTo: cannot broadcast " + x.shape() + " to " + shape);
            y = repeatAxis(y, ax, n);
        }
        return y;
    }

    /** {@code x} with its axis {@code ax} of size 1 repeated {@code n} times. */
    private static Tensor repeatAxis(Tensor x, int ax, int n) {
        int[] dims = x.shape().toArray();
        int post = 1;
        for (int i = ax + 1; i < dims.length; i++) post *= dims[i];
        dims[ax] = n;
        Shape target = Shape.of(dims);
        if (post == 1) { // the trailing axis: one broadcast kernel
            Tensor flat = reshape(x, Shape.of((int) x.size()));
            return reshape(broadcastLastAxis(flat, n), target);
        }
        List<Tensor> copies = java.util.Collections.nCopies(n, x);
        return concatenate(copies, ax);
    }

    /** Permutes the axes: axis {@code i} of the result is axis {@code axes[i]} of {@code x} (numpy's transpose). */
    public static Tensor transpose(Tensor x, int... axes) {
        int rank = x.rank();
        boolean[] seen = new boolean[rank];
        boolean permutation = axes.length == rank;
        for (int i = 0; i < axes.length && permutation; i++) {
            permutation = axes[i] >= 0 && axes[i] < rank && !seen[axes[i]];
            if (permutation) seen[axes[i]] = true;
        }
        if (!permutation) {
            throw new IllegalArgumentException("transpose: " + java.util.Arrays.toString(axes) + " is not a permutation of the axes of " + x.shape());
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[axes[i]] = i;
        Backend be = x.backend();
        Tensor y = be.transpose(x, axes.clone());
        return record(y, "transpose", g -> new Tensor[] {be.transpose(g, inverse)}, x);
    }

    /** Zero-pads NHWC images: rows at the top and bottom, columns at the left and right. */
    public static Tensor pad2d(Tensor x, int top, int bottom, int left, int right) {
        requireImages("pad2d", x);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) throw new IllegalArgumentException("pad2d: negative padding");
        Backend be = x.backend();
        Tensor y = be.pad2d(x, top, bottom, left, right);
        int h = x.dim(1), w = x.dim(2);
        return record(y, "pad2d", g -> new Tensor[] {be.crop2d(g, top, left, h, w)}, x);
    }

    /** The {@code height x width} window of NHWC images starting at row {@code top}, column {@code left}. */
    public static Tensor crop2d(Tensor x, int top, int left, int height, int width) {
        requireImages("crop2d", x);
        if (top < 0 || left < 0 || height < 0 || width < 0 || top + height > x.dim(1) || left + width > x.dim(2)) {
            throw new IllegalArgumentException("crop2d: window " + height + "x" + width + " at (" + top + ", " + left + ") is not inside " + x.shape());
        }
        Backend be = x.backend();
        Tensor y = be.crop2d(x, top, left, height, width);
        int bottom = x.dim(1) - top - height, right = x.dim(2) - left - width;
        return record(y, "crop2d", g -> new Tensor[] {be.pad2d(g, top, bottom, left, right)}, x);
    }

    /**
     * Resamples NHWC images at affine-transformed positions (Keras's {@code ops.image.affine_transform}):
     * output pixel (row y, column x) of image n reads column {@code t0*x + t1*y + t2}, row
     * {@code t3*x + t4*y + t5} of the input, {@code t} row n of {@code transforms} {@code (N, 6)}, a
     * constant (its gradient is not computed).
     */
    public static Tensor affineTransform(Tensor images, Tensor transforms, ImageInterpolation interpolation, FillMode fillMode, float fillValue) {
        requireImages("affineTransform", images);
        if (transforms.rank() != 2 || transforms.dim(0) != images.dim(0) || transforms.dim(1) != 6) {
            throw new IllegalArgumentException("affineTransform: transforms must be (" + images.dim(0) + ", 6) for images " + images.shape()
                    + ", got " + transforms.shape());
        }
        Backend be = backendOf(images, transforms);
        Tensor y = be.affineTransform(images, transforms, interpolation, fillMode, fillValue);
        return record(y, "affineTransform",
                g -> new Tensor[] {be.affineTransformBackward(g, transforms, interpolation, fillMode), null}, images, transforms);
    }

    private static void requireImages(String op, Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + " needs NHWC images (rank 4), got " + x.shape());
    }

    // ---- algebra ----------------------------------------------------------------------------

    /** Matrix product of 2-D tensors. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /** {@code op(a) @ op(b)}, {@code op} transposing when asked. */
    public static Tensor matmul(Tensor a, boolean ta, Tensor b, boolean tb) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul needs 2-D tensors, got " + a.shape() + " and " + b.shape());
        }
        int k1 = ta ? a.dim(0) : a.dim(1);
        int k2 = tb ? b.dim(1) : b.dim(0);
        if (k1 != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape() + (ta ? "^T" : "") + " @ "
                    + b.shape() + (tb ? "^T" : ""));
        }
        Backend be = backendOf(a, b);
        Tensor y = be.matmul(a, ta, b, tb);
        return record(y, "matmul", g -> {
            Tensor da = null, db = null;
            if (needs(a)) da = ta ? be.matmul(b, tb, g, true) : be.matmul(g, false, b, !tb);
            if (needs(b)) db = tb ? be.matmul(g, true, a, ta) : be.matmul(a, !ta, g, false);
            return new Tensor[] {da, db};
        }, a, b);
    }

    /** Adds {@code bias} {@code (C)} along the last axis of {@code x}. */
    public static Tensor addBias(Tensor x, Tensor bias) {
        if (bias.rank() != 1 || x.rank() == 0 || x.dim(-1) != bias.dim(0)) {
            throw new IllegalArgumentException("addBias: bias " + bias.shape() + " does not match the last axis of " + x.shape());
        }
        Backend be = backendOf(x, bias);
        Tensor y = be.addBias(x, bias);
        return record(y, "addBias", g -> new Tensor[] {needs(x) ? g : null, needs(bias) ? be.sumToLastAxis(g) : null}, x, bias);
    }

    /** Multiplies {@code x} by {@code scale} {@code (C)} along its last axis. */
    public static Tensor scaleLastAxis(Tensor x, Tensor scale) {
        if (scale.rank() != 1 || x.rank() == 0 || x.dim(-1) != scale.dim(0)) {
            throw new IllegalArgumentException("scaleLastAxis: scale " + scale.shape() + " does not match the last axis of " + x.shape());
        }
        Backend be = backendOf(x, scale);
        Tensor y = be.scaleLastAxis(x, scale);
        return record(y, "scaleLastAxis", g -> {
            Tensor dx = needs(x) ? be.scaleLastAxis(g, scale) : null;
            Tensor ds = null;
            if (needs(scale)) {
                try (Tensor gx = be.binary(BinaryOp.MUL, g, x)) {
                    ds = be.sumToLastAxis(gx);
                }
            }
            return new Tensor[] {dx, ds};
        }, x, scale);
    }

    /** Keras's Dense: {@code x @ kernel + bias} on the last axis of {@code x}, any rank. {@code bias} may be null. */
    public static Tensor dense(Tensor x, Tensor kernel, Tensor bias) {
        Tensor x2 = x.rank() == 2 ? x : reshape(x, Shape.of(x.shape().rows(), x.dim(-1)));
        Tensor y = matmul(x2, kernel);
        if (bias != null) y = addBias(y, bias);
        return x.rank() == 2 ? y : reshape(y, x.shape().withLast(kernel.dim(1)));
    }

    // ---- convolution and pooling -------------------------------------------------------------

    /** Convolution of NHWC {@code x} with OHWI {@code w}. */
    public static Tensor conv2d(Tensor x, Tensor w, Conv2dGeometry geo) {
        Backend be = backendOf(x, w);
        Tensor y = be.conv2d(x, w, geo);
        return record(y, "conv2d", g -> new Tensor[] {
                needs(x) ? be.conv2dBackwardData(g, w, geo) : null,
                needs(w) ? be.conv2dBackwardFilter(x, g, geo) : null}, x, w);
    }

    /**
     * Transposed convolution (Keras's Conv2DTranspose): the backward-data of the forward convolution
     * {@code geo}, which maps the large output {@code (batch, geo.inH, geo.inW, geo.inC)} to the small
     * input {@code x (batch, geo.outH, geo.outW, geo.outC)}; {@code w} is that convolution's OHWI filter.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor w, Conv2dGeometry geo) {
        Backend be = backendOf(x, w);
        Tensor y = be.conv2dBackwardData(x, w, geo);
        // y is linear in x and w: <y, g> = <conv2d(g, w), x>, so dx = conv2d(g, w) and dw = the filter gradient of (g, x).
        return record(y, "conv2dTranspose", g -> new Tensor[] {
                needs(x) ? be.conv2d(g, w, geo) : null,
                needs(w) ? be.conv2dBackwardFilter(g, x, geo) : null}, x, w);
    }

    /** Max or average pooling of NHWC {@code x}. */
    public static Tensor pool2d(PoolMode mode, Tensor x, Pool2dGeometry geo) {
        Backend be = x.backend();
        Tensor y = be.pool2d(mode, x, geo);
        return record(y, mode == PoolMode.MAX ? "maxPool2d" : "avgPool2d",
                g -> new Tensor[] {be.pool2dBackward(mode, x, y, g, geo)}, x);
    }

    // ---- normalization -------------------------------------------------------------------------

    private static void checkChannels(String op, Tensor x, Tensor... perChannel) {
        for (Tensor t : perChannel) {
            if (t.rank() != 1 || x.rank() == 0 || t.dim(0) != x.dim(-1)) {
                throw new IllegalArgumentException(op + ": per-channel tensor " + t.shape() + " does not match the last axis of " + x.shape());
            }
        }
    }

    /**
     * Batch normalization of each channel (the last axis) over every other axis with the batch's own
     * statistics: returns {@code {y, mean, invStd}}, where only {@code y} is differentiable (with
     * respect to {@code x}, {@code gamma} and {@code beta}); the variance behind {@code invStd} is biased.
     */
    public static Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        checkChannels("batchNormTraining", x, gamma, beta);
        Backend be = backendOf(x, gamma);
        Tensor[] out = be.batchNormTraining(x, gamma, beta, epsilon);
        Tensor mean = out[1], invStd = out[2];
        // One fused backward gives all three gradients; autograd closes those no input wants.
        record(out[0], "batchNormTraining", g -> be.batchNormBackward(x, g, gamma, mean, invStd, epsilon), x, gamma, beta);
        return out;
    }

    /**
     * Batch normalization with given statistics (inference): {@code (x - mean) / sqrt(variance + epsilon)
     * * gamma + beta}; differentiable with respect to {@code x}, {@code gamma} and {@code beta}, the
     * statistics being constants.
     */
    public static Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon) {
        checkChannels("batchNormInference", x, gamma, beta, mean, variance);
        Backend be = backendOf(x, gamma);
        Tensor y = be.batchNormInference(x, gamma, beta, mean, variance, epsilon);
        return record(y, "batchNormInference", g -> {
            Tensor dx = null, dgamma = null, dbeta = null;
            try (Tensor shifted = be.scalar(ScalarOp.ADD, variance, epsilon); Tensor invStd = be.scalar(ScalarOp.POW, shifted, -0.5f)) {
                if (needs(x)) {
                    try (Tensor scale = be.binary(BinaryOp.MUL, gamma, invStd)) {
                        dx = be.scaleLastAxis(g, scale);
                    }
                }
                if (needs(gamma)) {
                    try (Tensor negMean = be.unary(UnaryOp.NEG, mean); Tensor centered = be.addBias(x, negMean);
                         Tensor xhat = be.scaleLastAxis(centered, invStd); Tensor gx = be.binary(BinaryOp.MUL, g, xhat)) {
                        dgamma = be.sumToLastAxis(gx);
                    }
                }
            }
            if (needs(beta)) dbeta = be.sumToLastAxis(g);
            return new Tensor[] {dx, dgamma, dbeta, null, null};
        }, x, gamma, beta, mean, variance);
    }

    // ---- activations -------------------------------------------------------------------------

    /** The activation {@code kind} elementwise; {@code alpha} is its parameter where it has one. */
    public static Tensor activation(ActivationKind kind, float alpha, Tensor x) {
        if (kind == ActivationKind.LINEAR) return x;
        Backend be = x.backend();
        Tensor y = be.activation(kind, alpha, x);
        return record(y, kind.name().toLowerCase(java.util.Locale.ROOT),
                g -> new Tensor[] {be.activationBackward(kind, alpha, x, y, g)}, x);
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) { return activation(ActivationKind.RELU, 0f, x); }

    /**
     * {@code activation(kind, alpha, addBias(x, bias))}: a layer's bias and activation. With nothing
     * to record (inference) it is one backend op, which the CPU runs in one pass over {@code x}.
     */
    public static Tensor addBiasActivation(Tensor x, Tensor bias, ActivationKind kind, float alpha) {
        if (track(x, bias)) return activation(kind, alpha, addBias(x, bias));
        if (bias.rank() != 1 || x.rank() == 0 || x.dim(-1) != bias.dim(0)) {
            throw new IllegalArgumentException("addBias: bias " + bias.shape() + " does not match the last axis of " + x.shape());
        }
        return backendOf(x, bias).addBiasActivation(x, bias, kind, alpha);
    }

    /** {@code x} where positive, {@code negativeSlope * x} elsewhere. */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) { return activation(ActivationKind.LEAKY_RELU, negativeSlope, x); }

    /** {@code x} where positive, {@code alpha * (e^x - 1)} elsewhere. */
    public static Tensor elu(Tensor x, float alpha) { return activation(ActivationKind.ELU, alpha, x); }

    /** GELU, exact ({@code x * Phi(x)}) or, with {@code approximate}, its tanh approximation (Keras's {@code approximate=True}). */
    public static Tensor gelu(Tensor x, boolean approximate) {
        return activation(approximate ? ActivationKind.GELU_TANH : ActivationKind.GELU, 0f, x);
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public static Tensor sigmoid(Tensor x) { return activation(ActivationKind.SIGMOID, 0f, x); }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) { return activation(ActivationKind.TANH, 0f, x); }

    /** Softmax over the last axis. */
    public static Tensor softmax(Tensor x) {
        Backend be = x.backend();
        Tensor y = be.softmax(x);
        return record(y, "softmax", g -> new Tensor[] {be.softmaxBackward(y, g)}, x);
    }

    /** Log-softmax over the last axis (log-sum-exp). */
    public static Tensor logSoftmax(Tensor x) {
        Backend be = x.backend();
        Tensor y = be.logSoftmax(x);
        return record(y, "logSoftmax", g -> new Tensor[] {be.logSoftmaxBackward(y, g)}, x);
    }

    // ---- fused losses ------------------------------------------------------------------------

    /** Per-row cross-entropy of softmax(logits) {@code (N, C)} against labels: {@code (N)} indices when sparse, else {@code (N, C)}. */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, boolean sparse) {
        Backend be = backendOf(logits, labels);
        Tensor y = be.softmaxCrossEntropy(logits, labels, sparse);
        return record(y, "softmaxCrossEntropy",
                g -> new Tensor[] {be.softmaxCrossEntropyBackward(logits, labels, sparse, g), null}, logits, labels);
    }

    /** Elementwise binary cross-entropy of sigmoid(logits) against targets, computed stably. */
    public static Tensor sigmoidCrossEntropy(Tensor logits, Tensor targets) {
        Backend be = backendOf(logits, targets);
        Tensor y = be.sigmoidCrossEntropy(logits, targets);
        return record(y, "sigmoidCrossEntropy",
                g -> new Tensor[] {be.sigmoidCrossEntropyBackward(logits, targets, g), null}, logits, targets);
    }

    // ---- elementwise -------------------------------------------------------------------------

    /** {@code a + b} (equal shapes, or one side a single element). */
    public static Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }

    /** {@code a - b} (equal shapes, or one side a single element). */
    public static Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }

    /** {@code a * b} (equal shapes, or one side a single element). */
    public static Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }

    /** {@code a / b} (equal shapes, or one side a single element). */
    public static Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }

    /** The larger of {@code a} and {@code b}, elementwise. */
    public static Tensor maximum(Tensor a, Tensor b) { return binary(BinaryOp.MAX, a, b); }

    /** The smaller of {@code a} and {@code b}, elementwise. */
    public static Tensor minimum(Tensor a, Tensor b) { return binary(BinaryOp.MIN, a, b); }

    /** {@code a op b}: equal shapes, or one side a single element broadcast over the other. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()) && a.size() != 1 && b.size() != 1) {
            throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT) + ": shapes " + a.shape() + " and "
                    + b.shape() + " differ (only equal shapes or a one-element operand broadcast)");
        }
        Backend be = backendOf(a, b);
        Tensor y = be.binary(op, a, b);
        return record(y, op.name().toLowerCase(java.util.Locale.ROOT), g -> {
            Tensor ga = null, gb = null;
            switch (op) {
                case ADD -> {
                    if (needs(a)) ga = g.view(g.shape());
                    if (needs(b)) gb = g.view(g.shape());
                }
                case SUB -> {
                    if (needs(a)) ga = g.view(g.shape());
                    if (needs(b)) gb = be.unary(UnaryOp.NEG, g);
                }
                case MUL -> {
                    if (needs(a)) ga = be.binary(BinaryOp.MUL, g, b);
                    if (needs(b)) gb = be.binary(BinaryOp.MUL, g, a);
                }
                case DIV -> {
                    if (needs(a)) ga = be.binary(BinaryOp.DIV, g, b);
                    if (needs(b)) { // -g * a / b^2 = -g * y / b
                        try (Tensor gy = be.binary(BinaryOp.MUL, g, y); Tensor q = be.binary(BinaryOp.DIV, gy, b)) {
                            gb = be.unary(UnaryOp.NEG, q);
                        }
                    }
                }
                case MAX, MIN -> { // the gradient goes to the side that was chosen; a wins ties, where y == a too
                    try (Tensor d = be.binary(BinaryOp.SUB, y, a); Tensor chosenA = equalsZeroMask(be, d)) {
                        if (needs(a)) ga = be.binary(BinaryOp.MUL, g, chosenA);
                        if (needs(b)) {
                            try (Tensor chosenB = be.scalar(ScalarOp.RSUB, chosenA, 1f)) {
                                gb = be.binary(BinaryOp.MUL, g, chosenB);
                            }
                        }
                    }
                }
            }
            return new Tensor[] {reduceTo(ga, a), reduceTo(gb, b)};
        }, a, b);
    }

    /** 1 where {@code x == 0}, else 0: {@code 1 - sign(|x|)}. */
    private static Tensor equalsZeroMask(Backend be, Tensor x) {
        try (Tensor ax = be.unary(UnaryOp.ABS, x); Tensor s = be.unary(UnaryOp.SIGN, ax)) {
            return be.scalar(ScalarOp.RSUB, s, 1f);
        }
    }

    /** Sums a broadcast gradient back to a one-element operand's shape. */
    private static Tensor reduceTo(Tensor g, Tensor operand) {
        if (g == null || g.shape().equals(operand.shape())) return g;
        try (Tensor s = g.backend().sum(g); g) {
            return s.view(operand.shape());
        }
    }

    /** {@code op(x)} elementwise. */
    public static Tensor unary(UnaryOp op, Tensor x) {
        Backend be = x.backend();
        Tensor y = be.unary(op, x);
        if (op == UnaryOp.SIGN) return y; // piecewise constant: no gradient
        return record(y, op.name().toLowerCase(java.util.Locale.ROOT), g -> new Tensor[] {be.unaryBackward(op, x, y, g)}, x);
    }

    /** {@code -x}. */
    public static Tensor neg(Tensor x) { return unary(UnaryOp.NEG, x); }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) { return unary(UnaryOp.EXP, x); }

    /** The natural logarithm. */
    public static Tensor log(Tensor x) { return unary(UnaryOp.LOG, x); }

    /** {@code |x|}. */
    public static Tensor abs(Tensor x) { return unary(UnaryOp.ABS, x); }

    /** {@code x * x}. */
    public static Tensor square(Tensor x) { return unary(UnaryOp.SQUARE, x); }

    /** The square root. */
    public static Tensor sqrt(Tensor x) { return unary(UnaryOp.SQRT, x); }

    /** {@code x op s} for a number {@code s}. */
    public static Tensor scalar(ScalarOp op, Tensor x, float s) {
        Backend be = x.backend();
        Tensor y = be.scalar(op, x, s);
        return record(y, op.name().toLowerCase(java.util.Locale.ROOT), g -> new Tensor[] {switch (op) {
            case ADD -> g.view(g.shape());
            case MUL -> be.scalar(ScalarOp.MUL, g, s);
            case RSUB -> be.unary(UnaryOp.NEG, g);
            case RDIV -> { // d(s/x) = -s/x^2 = -y/x
                try (Tensor q = be.binary(BinaryOp.DIV, y, x); Tensor gq = be.binary(BinaryOp.MUL, g, q)) {
                    yield be.unary(UnaryOp.NEG, gq);
                }
            }
            case POW -> { // s * x^(s-1)
                try (Tensor p = be.scalar(ScalarOp.POW, x, s - 1f); Tensor sp = be.scalar(ScalarOp.MUL, p, s)) {
                    yield be.binary(BinaryOp.MUL, g, sp);
                }
            }
            case MAX, MIN -> { // passes where x was kept: y == x
                try (Tensor d = be.binary(BinaryOp.SUB, y, x); Tensor keep = equalsZeroMask(be, d)) {
                    yield be.binary(BinaryOp.MUL, g, keep);
                }
            }
        }}, x);
    }

    /** {@code x + s}. */
    public static Tensor addScalar(Tensor x, float s) { return scalar(ScalarOp.ADD, x, s); }

    /** {@code x * s}. */
    public static Tensor mulScalar(Tensor x, float s) { return scalar(ScalarOp.MUL, x, s); }

    /** Clips to {@code [low, high]}. */
    public static Tensor clip(Tensor x, float low, float high) {
        return scalar(ScalarOp.MIN, scalar(ScalarOp.MAX, x, low), high);
    }

    // ---- reductions --------------------------------------------------------------------------

    /** Sum of all elements, shape {@code ()}. */
    public static Tensor sum(Tensor x) {
        Backend be = x.backend();
        Tensor y = be.sum(x);
        return record(y, "sum", g -> new Tensor[] {broadcastScalar(be, g, x.shape())}, x);
    }

    /** Mean of all elements, shape {@code ()}. */
    public static Tensor mean(Tensor x) {
        return mulScalar(sum(x), 1f / x.size());
    }

    /** Sum over the last axis: {@code (..., C)} to {@code (...)}. */
    public static Tensor sumLastAxis(Tensor x) {
        Backend be = x.backend();
        Tensor y = be.sumLastAxis(x);
        int n = x.dim(-1);
        return record(y, "sumLastAxis", g -> new Tensor[] {be.broadcastLastAxis(g, n)}, x);
    }

    /** Repeats {@code x} along a new last axis of size {@code n}: {@code (...)} to {@code (..., n)}. */
    public static Tensor broadcastLastAxis(Tensor x, int n) {
        Backend be = x.backend();
        Tensor y = be.broadcastLastAxis(x, n);
        return record(y, "broadcastLastAxis", g -> new Tensor[] {be.sumLastAxis(g)}, x);
    }

    /** Mean over the last axis. */
    public static Tensor meanLastAxis(Tensor x) {
        return mulScalar(sumLastAxis(x), 1f / x.dim(-1));
    }

    private static Tensor broadcastScalar(Backend be, Tensor g, Shape shape) {
        try (Tensor flat = g.view(Shape.of(1)); Tensor row = be.broadcastLastAxis(flat, shape.sizeAsInt())) {
            return row.view(shape);
        }
    }

    /** Index of the largest value on the last axis, as floats; not differentiable. */
    public static Tensor argmax(Tensor x) {
        return x.backend().argmaxLastAxis(x);
    }

    /** One-hot rows {@code (N, classes)} from class indices {@code (N)}; not differentiable. */
    public static Tensor oneHot(Tensor indices, int classes) {
        if (indices.rank() != 1) throw new IllegalArgumentException("oneHot needs class indices of shape (N), got " + indices.shape());
        return indices.backend().oneHot(indices, classes);
    }

    /** Number of right predictions as a scalar tensor (stays on the device); not differentiable. */
    public static Tensor countCorrect(AccuracyKind kind, Tensor predictions, Tensor labels, float threshold) {
        return backendOf(predictions, labels).countCorrect(kind, predictions, labels, threshold);
    }

    // ---- regularization ----------------------------------------------------------------------

    /** Inverted dropout with a counter-based mask, so backward regenerates it instead of storing it. */
    public static Tensor dropout(Tensor x, float rate, long seed) {
        if (rate <= 0f) return x;
        Backend be = x.backend();
        Tensor y = be.dropout(x, rate, seed);
        return record(y, "dropout", g -> new Tensor[] {be.dropoutBackward(g, rate, seed)}, x);
    }
}
