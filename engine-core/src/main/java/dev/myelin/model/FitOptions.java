package dev.myelin.model;

import dev.myelin.callbacks.Callback;
import dev.myelin.data.Dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras's {@code fit} arguments: {@code new FitOptions().epochs(5).batchSize(64).validationSplit(0.1)}.
 * Defaults as Keras: 1 epoch, batch size 32, shuffling on, verbose 1.
 */
public final class FitOptions {

    /** Keras's defaults: see the class comment. */
    public FitOptions() {}

    private int epochs = 1;
    private int batchSize = 32;
    private double validationSplit;
    private Dataset validationData;
    private boolean shuffle = true;
    private int verbose = 1;
    private long seed;
    private EpochListener onEpochEnd;
    private LearningRateSchedule learningRateSchedule;
    private boolean stopOnDivergence = true;
    private int divergenceCheckSteps = 16;
    private final List<Callback> callbacks = new ArrayList<>();
    private Map<Integer, Double> classWeight;
    private float[] sampleWeight;
    private int initialEpoch;
    private int stepsPerEpoch;
    private int validationEvery = 1;
    private Set<Integer> validationEpochs;

    /** Keras's {@code epochs}: the epochs to train (counted to, from {@link #initialEpoch}). */
    public FitOptions epochs(int n) {
        if (n < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + n);
        this.epochs = n;
        return this;
    }

    /** Keras's {@code batch_size}: samples per batch (a streaming source with its own batch size keeps it). */
    public FitOptions batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + n);
        this.batchSize = n;
        return this;
    }

    /** Keras's {@code validation_split}: the last {@code fraction} of the data, taken before shuffling. */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    /** Data to evaluate on after each epoch; takes precedence over {@link #validationSplit}, as in Keras. */
    public FitOptions validationData(Dataset data) {
        this.validationData = data;
        return this;
    }

    /** Keras's {@code shuffle}: a new seeded order of the training samples each epoch. */
    public FitOptions shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** 0: silent; 1: progress bar and epoch line; 2: epoch line only. */
    public FitOptions verbose(int level) {
        if (level < 0 || level > 2) throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + level);
        this.verbose = level;
        return this;
    }

    /** Seed of the shuffling order (epoch {@code e} shuffles with a seed derived from this and {@code e}). */
    public FitOptions seed(long value) {
        this.seed = value;
        return this;
    }

    /** Called after each epoch with its logs (used by the command line to record history as it goes). */
    public FitOptions onEpochEnd(EpochListener listener) {
        this.onEpochEnd = listener;
        return this;
    }

    /** The epochs setting (see its setter). */
    public int epochs() { return epochs; }

    /** The batchSize setting (see its setter). */
    public int batchSize() { return batchSize; }

    /** The validationSplit setting (see its setter). */
    public double validationSplit() { return validationSplit; }

    /** The validationData setting (see its setter). */
    public Dataset validationData() { return validationData; }

    /** The shuffle setting (see its setter). */
    public boolean shuffle() { return shuffle; }

    /** The verbose setting (see its setter). */
    public int verbose() { return verbose; }

    /** The seed setting (see its setter). */
    public long seed() { return seed; }

    /** The onEpochEnd setting (see its setter). */
    public EpochListener onEpochEnd() { return onEpochEnd; }

    /** Sets the optimizer's learning rate before each epoch (Keras's {@code LearningRateScheduler}). */
    public FitOptions learningRateSchedule(LearningRateSchedule schedule) {
        this.learningRateSchedule = schedule;
        return this;
    }

    /** The learningRateSchedule setting (see its setter). */
    public LearningRateSchedule learningRateSchedule() { return learningRateSchedule; }

    /**
     * Whether fit stops with a {@link DivergenceException} when the loss goes non-finite (default:
     * yes; Keras needs its {@code TerminateOnNaN} callback for this). Off, training runs on and
     * reports {@code loss: NaN}, as Keras does without the callback.
     */
    public FitOptions stopOnDivergence(boolean value) {
        this.stopOnDivergence = value;
        return this;
    }

    /** See {@link #stopOnDivergence(boolean)}. */
    public boolean stopOnDivergence() { return stopOnDivergence; }

    /**
     * How often, in batches, fit reads the loss back to look for divergence (default 16, and always at
     * an epoch's end): each look is one read from the device, so fewer looks cost less on a GPU.
     */
    public FitOptions divergenceCheckSteps(int steps) {
        if (steps < 1) throw new IllegalArgumentException("divergence check interval must be at least 1 batch, got " + steps);
        this.divergenceCheckSteps = steps;
        return this;
    }

    /** See {@link #divergenceCheckSteps(int)}. */
    public int divergenceCheckSteps() { return divergenceCheckSteps; }
    /** Keras's {@code callbacks}: called in this order at each step of training (see {@link Callback}). */
    public FitOptions callbacks(Callback... list) {
        callbacks.addAll(List.of(list));
        return this;
    }

    /** Keras's {@code callbacks}, as a list. */
    public FitOptions callbacks(List<? extends Callback> list) {
        callbacks.addAll(list);
        return this;
    }

    /** The callbacks, in the order they are called. */
    public List<Callback> callbacks() { return List.copyOf(callbacks); }

    /**
     * Keras's {@code class_weight}: each sample's loss is multiplied by its class's weight (a class
     * not in the map weighs 1). The class is the label for one class index per sample, the arg max of
     * a one-hot label, or the rounded value of a binary one.
     */
    public FitOptions classWeight(Map<Integer, Double> weights) {
        for (var e : weights.entrySet()) {
            if (e.getKey() == null || e.getKey() < 0) throw new IllegalArgumentException("class weight for class " + e.getKey() + ": classes are 0 or more");
            if (e.getValue() == null || !(e.getValue() >= 0) || e.getValue().isInfinite()) {
                throw new IllegalArgumentException("class weight for class " + e.getKey() + " is " + e.getValue() + "; weights must be finite and not negative");
            }
        }
        this.classWeight = new HashMap<>(weights);
        return this;
    }

    /** The classWeight setting (see its setter). */
    public Map<Integer, Double> classWeight() { return classWeight; }

    /** Keras's {@code sample_weight}: one weight per training sample (multiplied by any class weight). */
    public FitOptions sampleWeight(float[] weights) {
        this.sampleWeight = weights.clone();
        return this;
    }

    /** The sampleWeight setting (see its setter). */
    public float[] sampleWeight() { return sampleWeight; }

    /** Keras's {@code initial_epoch}: the epoch (0-based) to start at, e.g. to resume a run; epochs count to {@link #epochs}. */
    public FitOptions initialEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("initial epoch must be at least 0, got " + epoch);
        this.initialEpoch = epoch;
        return this;
    }

    /** The initialEpoch setting (see its setter). */
    public int initialEpoch() { return initialEpoch; }

    /**
     * Keras's {@code steps_per_epoch}: batches per epoch; the batches run on from where the last
     * epoch stopped, starting a new shuffled pass over the data when one runs out. 0: one pass.
     */
    public FitOptions stepsPerEpoch(int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps per epoch must be at least 1 (or 0 for one pass), got " + steps);
        this.stepsPerEpoch = steps;
        return this;
    }

    /** The stepsPerEpoch setting (see its setter). */
    public int stepsPerEpoch() { return stepsPerEpoch; }

    /** Keras's {@code validation_freq} as an integer: validate every {@code n} epochs (after epochs n, 2n, ...). */
    public FitOptions validationFreq(int n) {
        if (n < 1) throw new IllegalArgumentException("validation frequency must be at least 1, got " + n);
        this.validationEvery = n;
        this.validationEpochs = null;
        return this;
    }

    /** Keras's {@code validation_freq} as a list: validate after these epochs (1-based, as Keras counts them here). */
    public FitOptions validationFreq(List<Integer> epochs) {
        this.validationEpochs = new TreeSet<>(epochs);
        return this;
    }

    /** Whether to validate after {@code epoch} (0-based). */
    public boolean validatesAfter(int epoch) {
        return validationEpochs != null ? validationEpochs.contains(epoch + 1) : (epoch + 1) % validationEvery == 0;
    }
}
