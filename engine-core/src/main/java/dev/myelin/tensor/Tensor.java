package dev.myelin.tensor;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;

import java.lang.ref.Cleaner;

/**
 * A dense, row-major float32 array whose storage belongs to a {@link Backend}. Images are NHWC.
 *
 * <p>Tensors are {@link AutoCloseable}: close them, or create them inside a {@link Scope}; a
 * {@link Cleaner} frees forgotten ones, but only as a safety net. Data crosses between the backend
 * and the Java heap only through {@link #of}, {@link #toArray} and {@link #item}.
 *
 * <p>Autograd: a tensor that {@link #requiresGrad() requires grad} records the ops applied to it
 * (see {@link Ops}); {@link #backward()} fills {@link #grad()} of every leaf it came from.
 */
public final class Tensor implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Backend backend;
    private final Shape shape;
    private final Storage storage;
    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    /** For backends: wraps storage the backend just allocated (this tensor takes its one reference). */
    public Tensor(Backend backend, Shape shape, Storage storage) {
        if (storage.elements() < shape.size()) {
            throw new IllegalArgumentException("storage of " + storage.elements() + " elements cannot hold shape " + shape);
        }
        this.backend = backend;
        this.shape = shape;
        this.storage = storage;
        this.release = new Release(storage);
        this.cleanable = CLEANER.register(this, release);
        Scope.register(this);
    }

    /** A tensor of the given shape on the current backend, filled from {@code data}. */
    public static Tensor of(float[] data, int... dims) {
        return Backends.current().fromArray(Shape.of(dims), data, 0);
    }

    /** A scalar tensor on the current backend. */
    public static Tensor scalar(float value) {
        return Backends.current().full(Shape.SCALAR, value);
    }

    /** A tensor of zeros on the current backend. */
    public static Tensor zeros(int... dims) {
        return Backends.current().zeros(Shape.of(dims));
    }

    /** The backend that owns this tensor's storage. */
    public Backend backend() { return backend; }

    /** The shape. */
    public Shape shape() { return shape; }

    /** The number of dimensions. */
    public int rank() { return shape.rank(); }

    /** Size of an axis; negative axes count from the end. */
    public int dim(int axis) { return shape.dim(axis); }

    /** The number of elements. */
    public long size() { return shape.size(); }

    /** For backends: the storage, to be cast to the backend's own type. */
    public Storage storage() {
        if (closed) throw new IllegalStateException("tensor of shape " + shape + " is closed");
        return storage;
    }

    /** Copies the values to the Java heap (synchronizing the device if needed). */
    public float[] toArray() {
        float[] out = new float[shape.sizeAsInt()];
        backend.copyToArray(this, out, 0);
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (shape.size() != 1) throw new IllegalStateException("item() needs a one-element tensor, this one has shape " + shape);
        return toArray()[0];
    }

    /**
     * A view of the same storage with another shape of the same size. One dimension may be -1,
     * inferred from the others. Gradients flow through it.
     */
    public Tensor reshape(int... dims) {
        return Ops.reshape(this, resolve(dims));
    }

    /** The view, without autograd bookkeeping: for {@link Ops} and backends. */
    public Tensor view(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " (" + shape.size() + " elements) to " + newShape);
        }
        storage().retain();
        return new Tensor(backend, newShape, storage);
    }

    private Shape resolve(int[] dims) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension may be -1");
                infer = i;
            } else {
                known *= dims[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || shape.size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + shape + " to " + java.util.Arrays.toString(dims));
            }
            dims = dims.clone();
            dims[infer] = (int) (shape.size() / known);
        }
        return Shape.of(dims);
    }

    // ---- autograd -------------------------------------------------------------------------

    /** Whether backward computes a gradient for this tensor. */
    public boolean requiresGrad() { return requiresGrad; }

    /** Marks this tensor as a leaf whose gradient {@link #backward()} computes. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) throw new IllegalStateException("cannot clear requiresGrad on a non-leaf tensor; use detach()");
        this.requiresGrad = value;
        return this;
    }

    /** The gradient accumulated by {@link #backward()}, or null. */
    public Tensor grad() { return grad; }

    /** Sets or clears the accumulated gradient (optimizers clear it after each step). */
    public void setGrad(Tensor g) { this.grad = g; }

    /** The op that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    void setGradFn(Node fn) {
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    /** Backpropagates from this scalar (a loss) into every leaf that requires grad. */
    public void backward() {
        Autograd.backward(this);
    }

    /** A tensor sharing this one's storage, cut from the autograd graph. */
    public Tensor detach() {
        return view(shape);
    }

    /** Closes this tensor (idempotent). Its storage is freed when no view still uses it. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        gradFn = null;
        release.explicit = true;
        cleanable.clean();
    }

    /** Whether this tensor's storage has been freed. */
    public boolean isClosed() { return closed; }

    @Override
    public String toString() {
        return "Tensor" + shape + "@" + backend.name();
    }

    /** The Cleaner's action; holds the storage, never the tensor. */
    private static final class Release implements Runnable {
        private final Storage storage;
        private volatile boolean explicit;

        Release(Storage storage) { this.storage = storage; }

        @Override
        public void run() {
            storage.release(explicit);
        }
    }
}
