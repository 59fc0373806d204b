package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code GRU}; with {@code reset_after=True} (Keras's default, and cuDNN's form): gates
 * {@code z, r = sigmoid(x W + b_in + h U + b_rec)} and candidate
 * {@code h~ = tanh(x W_h + b_in,h + r * (h U_h + b_rec,h))}, columns in the order {@code z, r, h};
 * {@code h_t = z h_{t-1} + (1 - z) h~}. The bias is {@code (2, 3*units)}: the input bias, then the
 * recurrent one. GRU(32) on (10, 8) has 3*32*(8+32)+2*3*32 = 4,032 parameters, as in Keras (3,936
 * with {@code resetAfter(false)}, whose bias is one {@code (3*units)}).
 */
public final class GRU extends RecurrentLayer<GRU> {
    private boolean resetAfter = true;

    /** A layer whose state has {@code units} values. */
    public GRU(int units) {
        super(RecurrentCell.GRU, units);
    }

    /** The activation of the gates: sigmoid by default. */
    public GRU recurrentActivation(String name) {
        GateActivation.parse(name);
        this.recurrentActivation = name;
        return this;
    }

    /**
     * Keras's {@code reset_after}: {@code true} (the default) applies the reset gate after the
     * recurrent projection and runs as the backend's fused op; {@code false} (the original GRU of
     * Cho et al.) applies it to the state before: {@code h~ = tanh(x W_h + b_h + (r * h) U_h)}, with
     * one bias {@code (3*units)}, and runs step by step from differentiable ops, slower.
     */
    public GRU resetAfter(boolean value) {
        this.resetAfter = value;
        return this;
    }

    /** Whether the reset gate applies after the recurrent projection. */
    public boolean resetAfter() { return resetAfter; }

    @Override
    Tensor createBias(WeightFactory weights) {
        int p = 3 * units;
        return resetAfter ? weights.create(Shape.of(2, p), biasInitializer, p, p) : super.createBias(weights);
    }

    @Override
    Tensor inputBias() {
        if (bias == null || !resetAfter) return bias;
        return SequenceOps.slice(bias, 0, 0, 1).reshape(3 * units);
    }

    @Override
    Tensor recurrentBias() {
        return bias == null || !resetAfter ? null : SequenceOps.slice(bias, 0, 1, 1).reshape(3 * units);
    }

    @Override
    Tensor[] composedRecurrence(RecurrentGeometry g, Tensor projection, Tensor h0, Tensor mask, Tensor keepState) {
        if (resetAfter) return null;
        int n = g.batch(), steps = g.steps(), h = units;
        Tensor uzr = SequenceOps.slice(recurrentKernel, 1, 0, 2 * h), uh = SequenceOps.slice(recurrentKernel, 1, 2 * h, h);
        Tensor state = h0;
        List<Tensor> outputs = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int t = g.timeOf(s);
            Tensor x = SequenceOps.slice(projection, 1, t, 1).reshape(n, 3 * h);
            Tensor dropped = keepState == null ? state : Ops.mul(state, keepState);
            Tensor zr = Ops.add(SequenceOps.slice(x, 1, 0, 2 * h), Ops.matmul(dropped, uzr));
            Tensor z = gate(g.recurrentActivation(), SequenceOps.slice(zr, 1, 0, h));
            Tensor r = gate(g.recurrentActivation(), SequenceOps.slice(zr, 1, h, h));
            Tensor candidate = gate(g.activation(), Ops.add(SequenceOps.slice(x, 1, 2 * h, h), Ops.matmul(Ops.mul(r, dropped), uh)));
            // h = z * state + (1 - z) * candidate = candidate + z * (state - candidate)
            Tensor next = Ops.add(candidate, Ops.mul(z, Ops.sub(state, candidate)));
            if (mask != null) {   // a skipped step keeps the state: state + m * (next - state)
                Tensor m = Ops.broadcastLastAxis(SequenceOps.slice(mask, 1, t, 1).reshape(n), h);
                next = Ops.add(state, Ops.mul(m, Ops.sub(next, state)));
            }
            state = next;
            outputs.add(state.reshape(n, 1, h));
        }
        return new Tensor[] {SequenceOps.concat(outputs, 1), state};
    }

    /** A gate activation from differentiable ops. */
    private static Tensor gate(GateActivation a, Tensor x) {
        return switch (a) {
            case LINEAR -> x;
            case TANH -> Ops.tanh(x);
            case SIGMOID -> Ops.sigmoid(x);
            case RELU -> Ops.relu(x);
            case HARD_SIGMOID -> Ops.clip(Ops.addScalar(Ops.mulScalar(x, 1f / 6f), 0.5f), 0f, 1f);
        };
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("reset_after", resetAfter);
        return c;
    }

    static GRU fromConfig(ConfigReader c) {
        return configure(new GRU(units(c)), c).resetAfter(c.bool("reset_after", true));
    }
}
