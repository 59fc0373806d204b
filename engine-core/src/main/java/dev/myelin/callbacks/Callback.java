package dev.myelin.callbacks;

import java.util.Map;

/**
 * Keras's {@code Callback}: hooks that {@code fit}, {@code evaluate} and {@code predict} call as
 * they go. Override the ones you need; {@link #model()} is the model being trained. Epochs and
 * batches are counted from 0, as Keras passes them; {@code logs} hold the metrics by Keras's names
 * ({@code loss}, {@code accuracy}, {@code val_loss}, ...), and a callback may add to an epoch's
 * logs (ReduceLROnPlateau adds {@code learning_rate}).
 *
 * <pre>{@code
 * model.fit(train, new FitOptions().epochs(50).callbacks(new Callback() {
 *     public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *         if (logs.get("accuracy") > 0.99) model().stopTraining(true);
 *     }
 * }));
 * }</pre>
 */
public abstract class Callback {

    /** A callback whose hooks all do nothing until overridden. */
    protected Callback() {}
    private TrainableModel model;
    private Map<String, Object> params = Map.of();

    /** Called by {@code fit} before training starts. */
    public void setModel(TrainableModel model) { this.model = model; }

    /** The model being trained, evaluated or predicted with. */
    public TrainableModel model() { return model; }

    /** Called by {@code fit} with {@code epochs}, {@code steps} (batches per epoch) and {@code verbose}. */
    public void setParams(Map<String, Object> params) { this.params = Map.copyOf(params); }

    /** The run's parameters: {@code epochs}, {@code steps}, {@code verbose}. */
    public Map<String, Object> params() { return params; }

    /** At the start of {@code fit}. */
    public void onTrainBegin(Map<String, Double> logs) {}

    /** At the end of {@code fit}, with the last epoch's logs. */
    public void onTrainEnd(Map<String, Double> logs) {}

    /** At the start of an epoch (0-based). */
    public void onEpochBegin(int epoch, Map<String, Double> logs) {}

    /** At the end of an epoch, with its training and validation metrics. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** Before a training batch (0-based within the epoch). */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

    /** After a training batch, with the epoch's running metrics so far. */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

    /** At the start of evaluation (validation inside {@code fit}, or {@code evaluate}). */
    public void onTestBegin(Map<String, Double> logs) {}

    /** At the end of evaluation, with its metrics. */
    public void onTestEnd(Map<String, Double> logs) {}

    /** Before an evaluation batch. */
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

    /** After an evaluation batch. */
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

    /** At the start of {@code predict}. */
    public void onPredictBegin(Map<String, Double> logs) {}

    /** At the end of {@code predict}. */
    public void onPredictEnd(Map<String, Double> logs) {}

    /** Before a prediction batch. */
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

    /** After a prediction batch. */
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
