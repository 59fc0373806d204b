package dev.myelin.model;

import dev.myelin.callbacks.BackupAndRestore;
import dev.myelin.callbacks.CallbackList;
import dev.myelin.layers.Layer;
import dev.myelin.layers.RandomStream;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one {@code fit} keeps besides the batches: the callbacks, called at Keras's points and in
 * Keras's order (the user's callbacks, then the History), the history, the stop flag, and the
 * BackupAndRestore backup (restored at the start, written after each epoch, deleted at the end).
 * The training loop calls it at its marked points and asks {@link #stopRequested()} after each batch.
 */
final class TrainingSession {
    private final Model model;
    private final List<Tensor> weights;
    private final List<Tensor> params;
    private final List<RandomStream> randomStreams = new ArrayList<>();
    private final CallbackList callbacks;
    private final BackupAndRestore backup;
    private final List<Layer> layers;
    /** A run that trains on through divergence may restore a backup that holds NaN. */
    private final boolean allowNonFinite;
    private History history = new History();

    TrainingSession(Model model, List<Tensor> weights, List<Tensor> params, List<Layer> layers, FitOptions options,
                    int steps) {
        this.model = model;
        this.weights = weights;
        this.params = params;
        this.layers = layers;
        this.allowNonFinite = !options.stopOnDivergence();
        randomStreams.addAll(model.randomStreams());
        this.callbacks = new CallbackList(options.callbacks());
        this.backup = callbacks.find(BackupAndRestore.class);
        callbacks.setModel(model);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epochs", options.epochs());
        p.put("steps", steps);
        p.put("verbose", options.verbose());
        callbacks.setParams(p);
    }

    /** Calls onTrainBegin and restores a backup if there is one; returns the first epoch to run (0-based). */
    int begin(int initialEpoch) {
        model.stopTraining(false);
        callbacks.onTrainBegin(new LinkedHashMap<>());
        if (backup != null && Files.exists(backup.file())) {
            long[] positions = new long[randomStreams.size()];
            try {
                TrainingBackup.Restored r = TrainingBackup.restore(backup.file(), weights, WeightNames.of(layers, weights, "the model"),
                        optimizer(), params, WeightNames.of(layers, params, "the model"), positions, allowNonFinite);
                for (int i = 0; i < positions.length; i++) randomStreams.get(i).seekRandom(positions[i]);
                history = r.history();
                return r.lastEpoch() + 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return initialEpoch;
    }

    private Optimizer optimizer() { return model.optimizer(); }

    History history() { return history; }

    /** Whether some callback listens to batches (then the loop reads the running metrics after each). */
    boolean wantsBatchLogs() { return callbacks.wantsTrainBatchHooks(); }

    void epochBegin(int epoch) { callbacks.onEpochBegin(epoch, new LinkedHashMap<>()); }

    void batchBegin(int batch) {
        if (callbacks.wantsTrainBatchHooks()) callbacks.onTrainBatchBegin(batch, new LinkedHashMap<>());
    }

    void batchEnd(int batch, Supplier<Map<String, Double>> logs) {
        if (callbacks.wantsTrainBatchHooks()) callbacks.onTrainBatchEnd(batch, new LinkedHashMap<>(logs.get()));
    }

    /** Before the validation of an epoch (Keras's on_test_begin inside fit). */
    void testBegin() { callbacks.onTestBegin(new LinkedHashMap<>()); }

    /** After the validation of an epoch, with its metrics under their plain names, as Keras passes them to on_test_end. */
    void testEnd(Map<String, Double> logs) { callbacks.onTestEnd(new LinkedHashMap<>(logs)); }

    /** Whether a callback asked to stop (Keras's {@code model.stop_training}). */
    boolean stopRequested() { return model.stopTraining(); }

    /** The user's callbacks see (and may add to) the logs, then the history records them, then the backup is written. */
    void epochEnd(int epoch, Map<String, Double> logs, double seconds) {
        callbacks.onEpochEnd(epoch, logs);
        history.record(logs, seconds);
        if (backup != null) {
            long[] positions = new long[randomStreams.size()];
            for (int i = 0; i < positions.length; i++) positions[i] = randomStreams.get(i).randomPosition();
            try {
                TrainingBackup.save(backup.file(), epoch, history, weights, optimizer(), params, positions);
            } catch (IOException e) {
                throw new UncheckedIOException("BackupAndRestore could not write " + backup.file() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Calls onTrainEnd; a run that ends normally deletes its backup (unless told to keep it). */
    void end(Map<String, Double> lastLogs) {
        callbacks.onTrainEnd(lastLogs);
        if (backup != null && backup.deletesCheckpoint()) {
            try {
                Files.deleteIfExists(backup.file());
            } catch (IOException e) {
                throw new UncheckedIOException("BackupAndRestore could not delete " + backup.file() + ": " + e.getMessage(), e);
            }
        }
    }
}
