package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code Bidirectional}: runs a recurrent layer forward and a copy of it backward
 * ({@code go_backwards} flipped, its own weights) over the same sequence and merges the outputs:
 * {@code concat} (default, on the last axis), {@code sum}, {@code mul}, {@code ave}, or none
 * (both returned). With
 * {@code returnSequences} the backward outputs are put back in time order before merging, as
 * Keras does. With {@code returnState} (the wrapped layer's) the outputs are followed by the
 * forward layer's final states, then the backward layer's; a mask (from an Embedding with
 * {@code maskZero}) reaches both directions. The layers are named {@code forward_<name>} and {@code backward_<name>}; the weights
 * are the forward layer's then the backward layer's. Bidirectional(LSTM(16)) on (10, 8) has 3,200
 * parameters, as in Keras.
 */
public final class Bidirectional extends Layer {
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave", "none");

    private final RecurrentLayer<?> forward;
    private final RecurrentLayer<?> backward;
    private final JsonObject layerConfig;
    private String mergeMode = "concat";
    private WindowIndex reversal;

    /** Wraps {@code layer}; its copy reads the sequence the other way. */
    public Bidirectional(RecurrentLayer<?> layer) {
        if (layer == null) throw new IllegalArgumentException("Bidirectional needs a recurrent layer");
        this.layerConfig = layer.config();
        this.forward = copy(layer, "forward_", layer.goBackwards());
        this.backward = copy(layer, "backward_", !layer.goBackwards());
    }

    private static RecurrentLayer<?> copy(RecurrentLayer<?> layer, String prefix, boolean goBackwards) {
        JsonObject c = layer.config().deepCopy();
        c.addProperty("go_backwards", goBackwards);
        c.addProperty("name", prefix + layer.name());
        return (RecurrentLayer<?>) LayerRegistry.fromConfig(layer.typeName(), c);
    }

    /**
     * How the two outputs combine: {@code concat}, {@code sum}, {@code mul}, {@code ave}, or
     * {@code none} (also null, Keras's {@code merge_mode=None}): both outputs, forward first.
     */
    public Bidirectional mergeMode(String mode) {
        String m = mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
        if (!MODES.contains(m)) {
            throw new IllegalArgumentException(describe() + ": mergeMode must be one of " + String.join(", ", MODES) + ", not \"" + mode + "\"");
        }
        this.mergeMode = m;
        return this;
    }

    /** The layer reading the sequence in its own direction. */
    public RecurrentLayer<?> forwardLayer() { return forward; }

    /** The copy reading it the other way. */
    public RecurrentLayer<?> backwardLayer() { return backward; }

    @Override
    public List<Layer> sublayers() { return List.of(forward, backward); }

    @Override
    protected Shape computeOutputShape(Shape input) {
        Shape one = forward.outputShapeFor(input);
        return mergeMode.equals("concat") ? one.withLast(2 * one.dim(-1)) : one;
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        if (inputs.size() != 1) throw incompatible("takes one input (initial states are not supported)", inputs.get(1));
        Shape one = forward.outputShapeFor(inputs.get(0));
        List<Shape> out = new ArrayList<>();
        if (mergeMode.equals("none")) {
            out.add(one);
            out.add(one);
        } else {
            out.add(computeOutputShape(inputs.get(0)));
        }
        if (forward.returnState()) for (int i = 0; i < 2 * forward.stateCount(); i++) out.add(Shape.of(forward.units()));
        return out;
    }

    @Override
    protected void createParams(List<Shape> inputs, WeightFactory weights) {
        createParams(inputs.get(0), weights);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        forward.build(input, weights);
        backward.build(input, weights);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callMasked(x, null, training);
    }

    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return callMasked(x, mask, training);
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return run(inputs.get(0), masks.isEmpty() ? null : masks.get(0), training);
    }

    /** The merged output for {@code x} whose mask {@code (N, T)} is {@code mask} (null for none). */
    public Tensor callMasked(Tensor x, Tensor mask, boolean training) {
        if (mergeMode.equals("none") || forward.returnState()) {
            throw new IllegalStateException(describe() + " has several outputs (mergeMode none or returnState); call it with a list");
        }
        return run(x, mask, training).get(0);
    }

    /** Every output: the merged one (or both, for {@code none}), then the states when the layer returns them. */
    private List<Tensor> run(Tensor x, Tensor mask, boolean training) {
        List<Tensor> f = forward.callWithStates(x, mask, null, training);
        List<Tensor> b = backward.callWithStates(x, mask, null, training);
        Tensor yf = f.get(0), yb = b.get(0);
        if (forward.returnSequences()) {
            int steps = x.dim(1);
            if (reversal == null) reversal = new WindowIndex((i, j) -> steps - 1 - i, steps, 1);
            yb = SequenceOps.gather(yb, reversal.get(x.backend()));
        }
        List<Tensor> out = new ArrayList<>();
        switch (mergeMode) {
            case "concat" -> out.add(SequenceOps.concat(List.of(yf, yb), -1));
            case "sum" -> out.add(Ops.add(yf, yb));
            case "mul" -> out.add(Ops.mul(yf, yb));
            case "ave" -> out.add(Ops.mulScalar(Ops.add(yf, yb), 0.5f));
            default -> {
                out.add(yf);
                out.add(yb);
            }
        }
        if (forward.returnState()) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    /** A sequence output keeps the input's mask (each of the two, for {@code none}); a last output and the states have none. */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor mask = masks.isEmpty() ? null : masks.get(0);
        if (mask == null || !forward.returnSequences()) return null;
        List<Tensor> out = new ArrayList<>();
        int outputs = mergeMode.equals("none") ? 2 : 1;
        for (int i = 0; i < outputs; i++) out.add(mask);
        if (forward.returnState()) for (int i = 0; i < 2 * forward.stateCount(); i++) out.add(null);
        return out;
    }

    @Override
    public List<Tensor> params() {
        List<Tensor> all = new ArrayList<>(forward.params());
        all.addAll(backward.params());
        return all;
    }

    @Override
    public List<Tensor> nonTrainableParams() {
        List<Tensor> all = new ArrayList<>(forward.nonTrainableParams());
        all.addAll(backward.nonTrainableParams());
        return all;
    }

    @Override
    public List<Tensor> weights() {
        List<Tensor> all = new ArrayList<>(forward.weights());
        all.addAll(backward.weights());
        return all;
    }

    @Override
    public long paramCount() { return forward.paramCount() + backward.paramCount(); }

    @Override
    public long trainableParamCount() { return forward.trainableParamCount() + backward.trainableParamCount(); }

    @Override
    public void release() {
        forward.release();
        backward.release();
        if (reversal != null) reversal.close();
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        JsonObject inner = new JsonObject();
        inner.addProperty("class_name", forward.typeName());
        inner.add("config", layerConfig);
        c.add("layer", inner);
        c.addProperty("merge_mode", mergeMode);
        return c;
    }

    static Bidirectional fromConfig(ConfigReader c) {
        Layer inner = c.object("layer", LayerRegistry::wrapped);
        if (!(inner instanceof RecurrentLayer<?> layer)) {
            throw new InvalidConfigException("field \"layer\": expected a SimpleRNN, LSTM or GRU, found " + inner.describe());
        }
        Bidirectional b = new Bidirectional(layer);
        if (c.has("merge_mode")) c.parsed("merge_mode", b::mergeMode);
        else if (c.get("merge_mode") != null) b.mergeMode(null); // Keras's merge_mode=None; a missing one is the default, concat
        return ConfigValues.named(b, c);
    }
}
