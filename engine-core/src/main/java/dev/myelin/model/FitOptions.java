package dev.myelin.model;

import dev.myelin.data.Dataset;

/**
 * Keras's {@code fit} arguments: {@code new FitOptions().epochs(5).batchSize(64).validationSplit(0.1)}.
 * Defaults as Keras: 1 epoch, batch size 32, shuffling on, verbose 1.
 */
public final class FitOptions {
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

    public FitOptions epochs(int n) {
        if (n < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + n);
        this.epochs = n;
        return this;
    }

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

    public FitOptions onEpochEnd(EpochListener listener) {
        this.onEpochEnd = listener;
        return this;
    }

    public int epochs() { return epochs; }

    public int batchSize() { return batchSize; }

    public double validationSplit() { return validationSplit; }

    public Dataset validationData() { return validationData; }

    public boolean shuffle() { return shuffle; }

    public int verbose() { return verbose; }

    public long seed() { return seed; }

    public EpochListener onEpochEnd() { return onEpochEnd; }

    /** Sets the optimizer's learning rate before each epoch (Keras's {@code LearningRateScheduler}). */
    public FitOptions learningRateSchedule(LearningRateSchedule schedule) {
        this.learningRateSchedule = schedule;
        return this;
    }

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
}
