package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.backend.CounterRandom;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What Keras's SimpleRNN, LSTM and GRU share: inputs {@code (None, T, F)}; a kernel {@code (F,
 * gates*units)} (Glorot uniform), a recurrent kernel {@code (units, gates*units)} (orthogonal) and a
 * bias (zeros), in Keras's layouts and gate orders; {@code returnSequences}, {@code returnState},
 * {@code goBackwards}, {@code stateful}, {@code dropout} (on the inputs) and
 * {@code recurrentDropout} (on the state entering the recurrent kernel), each one mask per sequence,
 * as Keras draws them. The input projection of all steps is one matmul; the recurrence is one
 * fused op ({@link SequenceOps#recurrent}).
 *
 * @param <T> the concrete layer, so the fluent setters return it
 */
public abstract class RecurrentLayer<T extends RecurrentLayer<T>> extends Layer implements RandomStream {
    private final RecurrentCell cell;
    final int units;
    String activation = "tanh";
    String recurrentActivation = "sigmoid";
    boolean useBias = true;
    Initializer kernelInitializer = Initializers.get("glorot_uniform");
    Initializer recurrentInitializer = Initializers.get("orthogonal");
    Initializer biasInitializer = Initializers.get("zeros");
    float dropout;
    float recurrentDropout;
    boolean returnSequences;
    boolean returnState;
    boolean goBackwards;
    boolean stateful;

    Tensor kernel;
    Tensor recurrentKernel;
    Tensor bias;
    private long seed = WeightFactory.DEFAULT_SEED;
    private long calls;
    private Tensor[] states;

    RecurrentLayer(RecurrentCell cell, int units) {
        if (units < 1) throw new IllegalArgumentException(getClass().getSimpleName() + " needs at least 1 unit, got " + units);
        this.cell = cell;
        this.units = units;
    }

    @SuppressWarnings("unchecked")
    private T self() { return (T) this; }

    /** The activation of the output (and of LSTM's and GRU's candidate): tanh by default. */
    public T activation(String name) {
        GateActivation.parse(name);
        this.activation = name;
        return self();
    }

    /** Whether the layer has a bias. */
    public T useBias(boolean value) { this.useBias = value; return self(); }

    /** The kernel's initializer (Keras name). */
    public T kernelInitializer(String name) { this.kernelInitializer = Initializers.get(name); return self(); }

    /** The recurrent kernel's initializer (Keras name). */
    public T recurrentInitializer(String name) { this.recurrentInitializer = Initializers.get(name); return self(); }

    /** The bias's initializer (Keras name). */
    public T biasInitializer(String name) { this.biasInitializer = Initializers.get(name); return self(); }

    /** The fraction of the inputs' features dropped while training (one mask per sequence). */
    public T dropout(double rate) { this.dropout = rate("dropout", rate); return self(); }

    /** The fraction of the state dropped before the recurrent kernel while training (one mask per sequence). */
    public T recurrentDropout(double rate) { this.recurrentDropout = rate("recurrentDropout", rate); return self(); }

    /** Whether the output is the whole sequence of states {@code (None, T, units)} or the last {@code (None, units)}. */
    public T returnSequences(boolean value) { this.returnSequences = value; return self(); }

    /** Whether the final states follow the output ({@link #callWithStates}). */
    public T returnState(boolean value) { this.returnState = value; return self(); }

    /** Whether the sequence is read from its end; the outputs then come in the order they were computed, as in Keras. */
    public T goBackwards(boolean value) { this.goBackwards = value; return self(); }

    /** Whether the final states of a batch are the initial states of the next (reset with {@link #resetStates}). */
    public T stateful(boolean value) { this.stateful = value; return self(); }

    /** The number of units (the width of the state). */
    public int units() { return units; }

    /** Whether the output is the whole sequence. */
    public boolean returnSequences() { return returnSequences; }

    /** Whether the final states follow the output. */
    public boolean returnState() { return returnState; }

    /** Whether the sequence is read from its end. */
    public boolean goBackwards() { return goBackwards; }

    /** Whether the final states of a batch are the initial states of the next. */
    public boolean stateful() { return stateful; }

    /** The cell this layer runs. */
    public RecurrentCell cell() { return cell; }

    private float rate(String what, double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(describe() + ": " + what + " must be in [0, 1), got " + rate);
        return (float) rate;
    }

    /** How many states the cell carries: 2 for LSTM ({@code h, c}), else 1. */
    public int stateCount() { return cell == RecurrentCell.LSTM ? 2 : 1; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, timesteps, features)", input);
        return returnSequences ? Shape.of(input.dim(0), units) : Shape.of(units);
    }

    /**
     * The output, then with {@code returnState} the final states; inputs after the first are the
     * initial states ({@code layer.apply(x, h0)}, or {@code (x, h0, c0)} for LSTM: Keras's
     * {@code initial_state}).
     */
    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        Shape out = computeOutputShape(inputs.get(0));
        if (inputs.size() > 1) {
            if (inputs.size() != 1 + stateCount()) {
                throw incompatible("takes its sequences and " + stateCount() + " initial state" + (stateCount() == 1 ? "" : "s")
                        + ", not " + (inputs.size() - 1), inputs.get(1));
            }
            for (Shape s : inputs.subList(1, inputs.size())) {
                if (!s.equals(Shape.of(units))) throw incompatible("expects initial states of shape (batch, " + units + ")", s);
            }
        }
        if (!returnState) return List.of(out);
        List<Shape> all = new ArrayList<>(List.of(out));
        for (int i = 0; i < stateCount(); i++) all.add(Shape.of(units));
        return all;
    }

    @Override
    protected void createParams(List<Shape> inputs, WeightFactory weights) {
        createParams(inputs.get(0), weights);
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor mask = masks.isEmpty() ? null : masks.get(0);
        List<Tensor> initial = inputs.size() > 1 ? inputs.subList(1, inputs.size()) : null;
        List<Tensor> all = callWithStates(inputs.get(0), mask, initial, training);
        return returnState ? all : List.of(all.get(0));
    }

    /** Keras's RNN masks: a sequence output keeps its input's mask; a last output and the states have none. */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor mask = masks.isEmpty() ? null : masks.get(0);
        if (mask == null || !returnSequences) return null;
        List<Tensor> out = new ArrayList<>();
        out.add(mask);
        if (returnState) for (int i = 0; i < stateCount(); i++) out.add(null);
        return out;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        int features = input.dim(1), p = cell.gates() * units;
        kernel = addParam(weights.create(Shape.of(features, p), kernelInitializer, features, p));
        recurrentKernel = addParam(weights.create(Shape.of(units, p), recurrentInitializer, units, p));
        if (useBias) bias = addParam(createBias(weights));
        seed = weights.nextSeed();
    }

    /** The bias, {@code (gates*units)} unless a cell says otherwise. */
    Tensor createBias(WeightFactory weights) {
        int p = cell.gates() * units;
        return weights.create(Shape.of(p), biasInitializer, p, p);
    }

    /** The bias added to the input projection (all of it but for GRU). */
    Tensor inputBias() { return bias; }

    /** The bias added to the recurrent projection inside the fused op (GRU only). */
    Tensor recurrentBias() { return null; }

    /** Forgets the states a stateful layer carries, so the next batch starts from zeros. */
    public void resetStates() {
        if (states != null) for (Tensor s : states) if (s != null) s.close();
        states = null;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callWithStates(x, null, null, training).get(0);
    }

    /**
     * The output followed by the final states ({@code h}, and {@code c} for LSTM), as Keras returns
     * them with {@code return_state=True}. {@code mask} {@code (N, T)}, 1 for a step to run and 0 to
     * skip (the state and output carry over, as in Keras), may be null; {@code initialStates}
     * {@code (N, units)} each, may be null for zeros (or a stateful layer's carried states).
     */
    public List<Tensor> callWithStates(Tensor x, Tensor mask, List<Tensor> initialStates, boolean training) {
        if (x.rank() != 3) throw new IllegalArgumentException(describe() + " expects (batch, timesteps, features), got " + x.shape());
        Backend be = x.backend();
        int n = x.dim(0), steps = x.dim(1), features = x.dim(2);
        long callSeed = CounterRandom.bits(seed, calls++);
        if (training && dropout > 0f) {
            Tensor keep = Ops.dropout(be.full(Shape.of(n, 1, features), 1f), dropout, CounterRandom.bits(callSeed, 0));
            x = Ops.mul(x, SequenceOps.gather(keep, be.zeros(Shape.of(1, steps))));
        }
        Tensor projection = Ops.dense(x, kernel, inputBias());
        Tensor h0, c0 = null;
        if (initialStates != null && !initialStates.isEmpty()) {
            if (initialStates.size() != stateCount()) {
                throw new IllegalArgumentException(describe() + " takes " + stateCount() + " initial states, got " + initialStates.size());
            }
            h0 = checkState(initialStates.get(0), n);
            if (stateCount() == 2) c0 = checkState(initialStates.get(1), n);
        } else if (stateful && states != null) {
            if (states[0].dim(0) != n) {
                throw new IllegalArgumentException(describe() + " is stateful and carries states for batches of " + states[0].dim(0)
                        + "; got a batch of " + n + " (use a fixed batch size, or resetStates())");
            }
            h0 = states[0];
            if (stateCount() == 2) c0 = states[1];
        } else {
            h0 = be.zeros(Shape.of(n, units));
            if (stateCount() == 2) c0 = be.zeros(Shape.of(n, units));
        }
        Tensor keepState = training && recurrentDropout > 0f
                ? Ops.dropout(be.full(Shape.of(n, units), 1f), recurrentDropout, CounterRandom.bits(callSeed, 1)) : null;
        RecurrentGeometry g = new RecurrentGeometry(cell, n, steps, units, GateActivation.parse(activation),
                GateActivation.parse(recurrentActivation), goBackwards);
        List<Tensor> out = new ArrayList<>();
        Tensor[] composed = composedRecurrence(g, projection, h0, mask, keepState);
        if (composed != null) {
            out.add(returnSequences ? composed[0] : composed[1]);
            out.add(composed[1]);
        } else {
            Tensor ws = SequenceOps.recurrent(g, projection, recurrentKernel, recurrentBias(), h0, c0, mask, keepState);
            Tensor sequence = g.width() == units ? ws : SequenceOps.slice(ws, 2, 0, units);
            Tensor lastRow = SequenceOps.slice(ws, 1, steps - 1, 1);
            Tensor h = lastRow.reshape(n, g.width());
            Tensor hLast = g.width() == units ? h : SequenceOps.slice(h, 1, 0, units);
            out.add(returnSequences ? sequence : hLast);
            out.add(hLast);
            if (stateCount() == 2) out.add(SequenceOps.slice(h, 1, g.cOffset(), units));
        }
        if (stateful) keepStates(out.subList(1, out.size()));
        return out;
    }

    /**
     * For a cell the fused op does not run (GRU with {@code resetAfter(false)}): the output sequence
     * {@code (N, T, units)} and the final state, composed step by step from differentiable ops; null
     * to use the fused op.
     */
    Tensor[] composedRecurrence(RecurrentGeometry g, Tensor projection, Tensor h0, Tensor mask, Tensor keepState) {
        return null;
    }

    private Tensor checkState(Tensor s, int n) {
        if (s.rank() != 2 || s.dim(0) != n || s.dim(1) != units) {
            throw new IllegalArgumentException(describe() + ": an initial state must be (" + n + ", " + units + "), got " + s.shape());
        }
        return s;
    }

    /** Copies of the final states, cut from autograd and from every scope, for the next batch. */
    private void keepStates(List<Tensor> finals) {
        resetStates();
        states = new Tensor[finals.size()];
        for (int i = 0; i < states.length; i++) states[i] = Scope.escape(finals.get(i).backend().copy(finals.get(i)));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("units", units);
        c.addProperty("activation", activation);
        if (cell != RecurrentCell.SIMPLE_RNN) c.addProperty("recurrent_activation", recurrentActivation);
        c.addProperty("use_bias", useBias);
        c.addProperty("kernel_initializer", kernelInitializer.name());
        c.addProperty("recurrent_initializer", recurrentInitializer.name());
        c.addProperty("bias_initializer", biasInitializer.name());
        c.addProperty("dropout", dropout);
        c.addProperty("recurrent_dropout", recurrentDropout);
        c.addProperty("return_sequences", returnSequences);
        c.addProperty("return_state", returnState);
        c.addProperty("go_backwards", goBackwards);
        c.addProperty("stateful", stateful);
        return c;
    }

    /** The most units a saved layer may have: its widest weight, {@code 4*units} columns for LSTM, must fit an int. */
    static final int MAX_UNITS = Integer.MAX_VALUE / 4;

    /** {@code units} of a saved config, bounded so that no product of it overflows. */
    static int units(ConfigReader c) {
        return c.integer("units", 1, MAX_UNITS);
    }

    /** Reads what {@link #config()} wrote back into {@code layer}. */
    static <L extends RecurrentLayer<L>> L configure(L layer, ConfigReader c) {
        c.parsed("activation", layer::activation);
        if (c.has("recurrent_activation")) {
            layer.recurrentActivation = c.parsed("recurrent_activation", a -> {
                GateActivation.parse(a);
                return a;
            });
        }
        layer.useBias(c.bool("use_bias"))
                .dropout(c.number("dropout", 0, 1, false))
                .recurrentDropout(c.number("recurrent_dropout", 0, 1, false))
                .returnSequences(c.bool("return_sequences"))
                .returnState(c.bool("return_state"))
                .goBackwards(c.bool("go_backwards"))
                .stateful(c.bool("stateful"));
        c.parsed("kernel_initializer", layer::kernelInitializer);
        c.parsed("recurrent_initializer", layer::recurrentInitializer);
        c.parsed("bias_initializer", layer::biasInitializer);
        return ConfigValues.named(layer, c);
    }

    @Override
    public long randomPosition() { return calls; }

    @Override
    public void seekRandom(long position) { this.calls = position; }
}
