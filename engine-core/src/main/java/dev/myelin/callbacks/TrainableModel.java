package dev.myelin.callbacks;

import dev.myelin.optimizers.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link Callback} may do to the model being trained: stop the run (Keras's
 * {@code model.stop_training = True}), read and set its weights, reach its optimizer (to change
 * the learning rate), and save it.
 */
public interface TrainableModel {

    /** Whether training stops after the current batch or epoch. */
    boolean stopTraining();

    /** Asks {@code fit} to stop after the current batch (Keras's {@code model.stop_training = True}). */
    void stopTraining(boolean value);

    /** A copy of every weight (trainable and not), layer by layer, as Keras's {@code get_weights()}. */
    List<float[]> getWeights();

    /** Sets every weight from {@link #getWeights()}'s form; sizes must match. */
    void setWeights(List<float[]> weights);

    /** The compiled optimizer. */
    Optimizer optimizer();

    /** Saves the whole model (architecture, weights, compile settings) atomically. */
    void save(Path path) throws IOException;

    /** Saves only the weights, atomically. */
    void saveWeights(Path path) throws IOException;
}
