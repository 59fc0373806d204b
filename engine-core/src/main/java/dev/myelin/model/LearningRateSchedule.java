package dev.myelin.model;

/**
 * Keras's {@code LearningRateScheduler} callback: before each epoch {@link Sequential#fit} asks for
 * that epoch's learning rate and sets it on the optimizer. Epochs are counted from 0, as Keras
 * passes them.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate for {@code epoch} (0-based), given the rate in use now. */
    float learningRate(int epoch, float current);

    /** Epoch e trains at the optimizer's initial rate times {@code factor^e}. */
    static LearningRateSchedule decayEachEpoch(float factor) {
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        return (epoch, current) -> epoch == 0 ? current : current * factor;
    }
}
