package dev.myelin.optimizers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients, as Keras 3's optimizers do: gradients are
 * clipped ({@code clipnorm}, {@code clipvalue} or {@code globalClipnorm}), decoupled weight decay
 * {@code p -= p * weightDecay * lr} is applied, then the optimizer's own rule. The learning rate is
 * a number or a per-step {@link LearningRateSchedule}. Per-parameter state (moments, velocities) is
 * created on first use, outside any scope, and lives as long as the optimizer; {@link #variables}
 * and {@link #setIterations} expose it for checkpoints, {@link #config()} and
 * {@link Optimizers#get(String, Map)} recreate the optimizer.
 */
public abstract class Optimizer {
    private final Map<Tensor, Tensor[]> state = new IdentityHashMap<>();
    private long iterations;
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;

    /** An optimizer with a fixed step size; {@code learningRate} must be positive. */
    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** An optimizer whose step size follows {@code schedule}. */
    protected Optimizer(LearningRateSchedule schedule) {
        if (schedule == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": the learning rate schedule is null");
        this.schedule = schedule;
    }

    // ---- learning rate ----------------------------------------------------------------------

    /** The step size of the next update (the schedule's value at {@link #iterations()}), as the float32 the update uses. */
    public float learningRate() {
        return (float) (schedule == null ? learningRate : schedule.at(iterations));
    }

    /** The schedule, or null for a fixed learning rate. */
    public LearningRateSchedule schedule() { return schedule; }

    /**
     * Changes the step size from the next update on (Keras's {@code optimizer.learning_rate = x}), e.g.
     * per epoch. Like Keras, refused when the optimizer follows a schedule.
     */
    public void setLearningRate(double learningRate) {
        if (schedule != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " follows the schedule " + schedule.className()
                    + "; its learning rate cannot be set");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    // ---- settings every optimizer has -----------------------------------------------------------

    /** Clips each gradient to at most this L2 norm (Keras's {@code clipnorm}); at most one of the three clips. */
    public Optimizer clipnorm(double clipnorm) {
        this.clipnorm = positive("clipnorm", clipnorm);
        checkOneClip();
        return this;
    }

    /** Clips each gradient element to {@code [-clipvalue, clipvalue]} (Keras's {@code clipvalue}). */
    public Optimizer clipvalue(double clipvalue) {
        this.clipvalue = positive("clipvalue", clipvalue);
        checkOneClip();
        return this;
    }

    /** Scales all gradients together so that their joint L2 norm is at most this (Keras's {@code global_clipnorm}). */
    public Optimizer globalClipnorm(double globalClipnorm) {
        this.globalClipnorm = positive("globalClipnorm", globalClipnorm);
        checkOneClip();
        return this;
    }

    /** Decoupled weight decay: before each update {@code p -= p * weightDecay * lr} (Keras's {@code weight_decay}). */
    public Optimizer weightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weight decay must be at least 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
        return this;
    }

    /** The weight decay, or null when none is applied. */
    public Double weightDecay() { return weightDecay; }

    private double positive(String setting, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + setting + " must be positive, got " + value);
        }
        return value;
    }

    private void checkOneClip() {
        int set = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": only one of clipnorm, clipvalue and globalClipnorm can be "
                    + "set, got clipnorm=" + clipnorm + ", clipvalue=" + clipvalue + ", globalClipnorm=" + globalClipnorm);
        }
    }

    /** Throws unless no step has been taken: state slots are shaped by the settings of the first step. */
    protected void checkNotStarted(String setting) {
        if (iterations > 0 || !state.isEmpty()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": set " + setting + " before the first step");
        }
    }

    /** Throws unless {@code value} lies in {@code [low, high)}. */
    protected final float inRange(String setting, double value, double low, double high) {
        if (!(value >= low && value < high)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + setting + " must be in [" + low + ", " + high
                    + "), got " + value);
        }
        return (float) value;
    }

    // ---- stepping ---------------------------------------------------------------------------

    /** Steps taken so far (Keras's {@code optimizer.iterations}). */
    public long iterations() { return iterations; }

    /** Sets the step count, as a restored checkpoint does (schedules and bias corrections continue from it). */
    public void setIterations(long iterations) {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be at least 0, got " + iterations);
        this.iterations = iterations;
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step(List<Tensor> params) {
        List<Tensor> ps = new ArrayList<>(), gs = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            ps.add(p);
            gs.add(p.grad());
        }
        float lr = learningRate(); // Keras reads the rate at the iterations before this step
        try (Scope scope = Scope.open()) { // frees the clipped gradients and the rules' temporaries
            clip(gs);
            iterations++;
            for (int i = 0; i < ps.size(); i++) {
                Tensor p = ps.get(i);
                if (weightDecay != null && weightDecay > 0) p.backend().addInPlace(p, p, (float) (-weightDecay * lr));
                update(p, gs.get(i), slots(p), iterations, lr);
            }
        }
    }

    private void clip(List<Tensor> gs) {
        if (gs.isEmpty()) return;
        Backend be = gs.getFirst().backend();
        if (clipnorm != null) {
            float c = clipnorm.floatValue();
            for (int i = 0; i < gs.size(); i++) { // g * c / max(|g|, c)
                Tensor norm = be.unary(UnaryOp.SQRT, be.sum(be.unary(UnaryOp.SQUARE, gs.get(i))));
                Tensor scale = be.scalar(ScalarOp.RDIV, be.scalar(ScalarOp.MAX, norm, c), c);
                gs.set(i, be.binary(BinaryOp.MUL, gs.get(i), scale));
            }
        } else if (globalClipnorm != null) {
            float c = globalClipnorm.floatValue();
            Tensor squares = be.zeros(Shape.SCALAR);
            for (Tensor g : gs) be.addInPlace(squares, be.sum(be.unary(UnaryOp.SQUARE, g)), 1f);
            Tensor norm = be.unary(UnaryOp.SQRT, squares);
            // c / max(norm, c), plus (norm - norm) so that a non-finite norm makes the update NaN, as in Keras
            Tensor scale = be.scalar(ScalarOp.RDIV, be.scalar(ScalarOp.MAX, norm, c), c);
            scale = be.binary(BinaryOp.ADD, scale, be.binary(BinaryOp.SUB, norm, norm));
            for (int i = 0; i < gs.size(); i++) gs.set(i, be.binary(BinaryOp.MUL, gs.get(i), scale));
        } else if (clipvalue != null) {
            float v = clipvalue.floatValue();
            for (int i = 0; i < gs.size(); i++) gs.set(i, be.scalar(ScalarOp.MIN, be.scalar(ScalarOp.MAX, gs.get(i), -v), v));
        }
    }

    /** The state slots of {@code param}, created (as {@link #createState} says) on first use. */
    private Tensor[] slots(Tensor param) {
        Tensor[] s = state.get(param);
        if (s == null) {
            try (Scope outside = Scope.open()) { // slots outlive every scope: created here, then escaped
                s = createState(param);
                for (Tensor t : s) Scope.escape(t);
            }
            state.put(param, s);
        }
        return s;
    }

    /** The state slots for {@code param}, made with {@link #slot} or {@link #filledSlot}; empty when the rule keeps none. */
    protected abstract Tensor[] createState(Tensor param);

    /** A zero tensor of the parameter's shape. */
    protected static Tensor slot(Tensor param) {
        return param.backend().zeros(param.shape());
    }

    /** A tensor of the parameter's shape filled with {@code value}. */
    protected static Tensor filledSlot(Tensor param, float value) {
        return param.backend().full(param.shape(), value);
    }

    /** One in-place update with learning rate {@code lr}; {@code step} counts from 1. */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr);

    // ---- checkpoints and config -------------------------------------------------------------

    /** Keras's names of the per-parameter slots, in the order of {@link #createState}, e.g. {@code momentum}, {@code velocity}. */
    public abstract List<String> slotNames();

    /**
     * The state of each of {@code params}, in their order, {@link #slotNames()} per parameter
     * (created as zeros, or the rule's initial value, where no step has made them yet). A checkpoint
     * saves these tensors' values and restores them by copying into the same list of a new optimizer,
     * together with {@link #iterations()}.
     */
    public List<Tensor> variables(List<Tensor> params) {
        List<Tensor> all = new ArrayList<>();
        for (Tensor p : params) all.addAll(List.of(slots(p)));
        return all;
    }

    /** Keras's name: {@code sgd}, {@code adam}, {@code rmsprop}, ... as {@link Optimizers#get(String)} knows it. */
    public abstract String name();

    /**
     * The settings under Keras's names ({@code learning_rate}, {@code weight_decay}, {@code clipnorm},
     * ... and the rule's own), so that {@link Optimizers#get(String, Map)} recreates this optimizer. A
     * schedule appears as {@code {"class_name": ..., "config": {...}}}, as Keras serializes it.
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        if (schedule == null) {
            c.put("learning_rate", learningRate);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("class_name", schedule.className());
            s.put("config", schedule.config());
            c.put("learning_rate", s);
        }
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        return c;
    }

    /** Frees the optimizer state. */
    public void release() {
        for (Tensor[] s : state.values()) for (Tensor t : s) if (t != null) t.close();
        state.clear();
    }
}
