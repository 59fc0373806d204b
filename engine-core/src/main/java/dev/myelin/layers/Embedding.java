package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.UnaryOp;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Keras's {@code Embedding}: turns token ids into rows of a trainable table {@code (inputDim,
 * outputDim)} (initialized uniform in [-0.05, 0.05), Keras's {@code "uniform"}). Ids arrive as
 * floats, like every Myelin tensor; an id outside {@code [0, inputDim)} reads a row of zeros.
 * Inputs {@code (None, T)} give {@code (None, T, outputDim)}. With {@code maskZero}, id 0 is padding
 * and the layers after it skip those steps, as in Keras; {@code inputLength} (Keras 2's argument)
 * only checks the length of the sequences.
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private int inputLength;
    private Initializer embeddingsInitializer = Initializers.get("uniform");
    private Tensor embeddings;
    private Regularizer embeddingsRegularizer;

    /** A table of {@code inputDim} rows (the vocabulary size) of {@code outputDim} values. */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("Embedding needs inputDim and outputDim of at least 1, got " + inputDim + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** Whether id 0 is padding, masked out of the layers that follow (Keras's {@code mask_zero}). */
    public Embedding maskZero(boolean value) {
        this.maskZero = value;
        return this;
    }

    /** The length every input sequence must have (0: any). */
    public Embedding inputLength(int length) {
        if (length < 0) throw new IllegalArgumentException("Embedding inputLength must not be negative, got " + length);
        this.inputLength = length;
        return this;
    }

    /** The initializer of the table. */
    public Embedding embeddingsInitializer(String name) {
        this.embeddingsInitializer = Initializers.get(name);
        return this;
    }

    /** Keras's {@code embeddings_regularizer}: a penalty on the table added to the loss (null for none). */
    public Embedding embeddingsRegularizer(Regularizer r) {
        this.embeddingsRegularizer = r;
        return this;
    }

    /** The embeddings regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"} (factors 0.01). */
    public Embedding embeddingsRegularizer(String name) {
        return embeddingsRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return embeddingsRegularizer == null || embeddings == null ? null : embeddingsRegularizer.penalty(embeddings);
    }

    /** The vocabulary size. */
    public int inputDim() { return inputDim; }

    /** The width of each row. */
    public int outputDim() { return outputDim; }

    /** Whether id 0 is padding. */
    public boolean maskZero() { return maskZero; }

    /** The table, once built. */
    public Tensor embeddings() { return embeddings; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects token ids of shape (batch, length)", input);
        if (inputLength > 0 && input.dim(-1) != inputLength) {
            throw incompatible("was given inputLength " + inputLength + " and cannot take sequences of length " + input.dim(-1), input);
        }
        int[] dims = java.util.Arrays.copyOf(input.toArray(), input.rank() + 1);
        dims[input.rank()] = outputDim;
        return Shape.of(dims);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        embeddings = addParam(weights.create(Shape.of(inputDim, outputDim), embeddingsInitializer, inputDim, outputDim));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return SequenceOps.embedding(embeddings, x);
    }

    /** With {@code maskZero}: 1 where the id is not 0, else 0, {@code (batch, length)}, as Keras's {@code compute_mask}. */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (!maskZero) return null;
        return List.of(Ops.unary(UnaryOp.SIGN, Ops.abs(inputs.get(0))));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("input_dim", inputDim);
        c.addProperty("output_dim", outputDim);
        c.addProperty("mask_zero", maskZero);
        if (inputLength > 0) c.addProperty("input_length", inputLength);
        c.addProperty("embeddings_initializer", embeddingsInitializer.name());
        c.add("embeddings_regularizer", Regularizers.toJson(embeddingsRegularizer));
        return c;
    }

    static Embedding fromConfig(ConfigReader c) {
        Embedding e = new Embedding(c.integer("input_dim", 1, Integer.MAX_VALUE), c.integer("output_dim", 1, Integer.MAX_VALUE))
                .maskZero(c.bool("mask_zero"))
                .inputLength(c.integer("input_length", 0, Integer.MAX_VALUE, 0));
        c.parsed("embeddings_initializer", e::embeddingsInitializer);
        e.embeddingsRegularizer(c.element("embeddings_regularizer", Regularizers::fromJson));
        return ConfigValues.named(e, c);
    }
}
