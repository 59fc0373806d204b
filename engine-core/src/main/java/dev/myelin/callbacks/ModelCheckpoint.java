package dev.myelin.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code ModelCheckpoint}: saves the model (or only its weights) after every epoch, or
 * every {@code saveFreq} batches, or only when the monitored quantity improves. The file name may
 * hold {@code {epoch}} (1-based), {@code {batch}} and any logged metric, formatted as Python's
 * {@code str.format}: {@code "ckpt-{epoch:02d}-{val_loss:.2f}.myelin"}. Saves are atomic: a run
 * killed while saving leaves the previous file whole.
 */
public final class ModelCheckpoint extends Callback {
    private final String filepath;
    private String monitor = "val_loss";
    private int verbose;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private String mode = "auto";
    private int saveFreq; // 0: every epoch
    private Double initialValueThreshold;

    private Monitor watched;
    private double best;
    private int currentEpoch;
    private int batchesSinceSave;

    /** Saves to {@code filepath}, a file name template (see the class comment). */
    public ModelCheckpoint(String filepath) {
        if (filepath == null || filepath.isBlank()) throw new IllegalArgumentException("ModelCheckpoint needs a file path");
        this.filepath = filepath;
    }

    /** Saves to {@code filepath}. */
    public ModelCheckpoint(Path filepath) {
        this(filepath.toString());
    }

    /** The quantity {@code saveBestOnly} watches (default {@code val_loss}). */
    public ModelCheckpoint monitor(String name) {
        this.monitor = name;
        return this;
    }

    /** 1 prints a line at each save (and at each epoch that did not improve). */
    public ModelCheckpoint verbose(int level) {
        this.verbose = level;
        return this;
    }

    /** Save only when the monitored quantity beats the best so far. */
    public ModelCheckpoint saveBestOnly(boolean value) {
        this.saveBestOnly = value;
        return this;
    }

    /** Save only the weights ({@code saveWeights}) instead of the whole model ({@code save}). */
    public ModelCheckpoint saveWeightsOnly(boolean value) {
        this.saveWeightsOnly = value;
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}: which way the monitored quantity improves. */
    public ModelCheckpoint mode(String value) {
        new Monitor("ModelCheckpoint", "loss", value); // validates
        this.mode = value;
        return this;
    }

    /** Save every {@code batches} training batches instead of at each epoch's end. */
    public ModelCheckpoint saveFreq(int batches) {
        if (batches < 1) throw new IllegalArgumentException("ModelCheckpoint: saveFreq must be at least 1 batch, got " + batches);
        this.saveFreq = batches;
        return this;
    }

    /** The value the first save must beat, with {@code saveBestOnly}. */
    public ModelCheckpoint initialValueThreshold(double value) {
        this.initialValueThreshold = value;
        return this;
    }

    /** The best monitored value saved so far. */
    public double best() { return best; }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        watched = new Monitor("ModelCheckpoint", monitor, mode);
        best = initialValueThreshold != null ? initialValueThreshold : watched.worst();
        batchesSinceSave = 0;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq == 0) return;
        if (++batchesSinceSave >= saveFreq) {
            batchesSinceSave = 0;
            save(currentEpoch, batch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveFreq == 0) save(epoch, -1, logs);
    }

    private void save(int epoch, int batch, Map<String, Double> logs) {
        if (watched == null) onTrainBegin(Map.of());
        Map<String, Number> values = new LinkedHashMap<>(logs == null ? Map.of() : logs);
        values.put("epoch", epoch + 1);
        if (batch >= 0) values.put("batch", batch + 1);
        Path file = Path.of(PathTemplate.format(filepath, values));
        if (saveBestOnly) {
            Double current = watched.value("ModelCheckpoint", logs);
            if (current != null) {
                if (!watched.improves(current, best, 0)) {
                    if (verbose > 0) System.out.printf("%nEpoch %d: %s did not improve from %.5f%n", epoch + 1, monitor, best);
                    return;
                }
                if (verbose > 0) {
                    System.out.printf("%nEpoch %d: %s improved from %.5f to %.5f, saving model to %s%n", epoch + 1, monitor, best, current, file);
                }
                best = current;
            }
        } else if (verbose > 0) {
            System.out.printf("%nEpoch %d: saving model to %s%n", epoch + 1, file);
        }
        try {
            if (Files.isDirectory(file)) throw new IOException("the checkpoint path is a folder: " + file + "; give a file name");
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            if (saveWeightsOnly) model().saveWeights(file);
            else model().save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint could not save to " + file + ": " + e.getMessage(), e);
        }
    }
}
