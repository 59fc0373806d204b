package dev.myelin.callbacks;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The callbacks of one {@code fit} (or {@code evaluate}, {@code predict}), called in order. Knowing
 * whether any of them overrides a batch hook lets the training loop skip reading the running
 * metrics from the device after every batch when nobody looks at them.
 */
public final class CallbackList {
    private final List<Callback> callbacks;
    private final boolean trainBatchHooks;
    private final boolean testBatchHooks;

    /** The given callbacks, in the order they will be called. */
    public CallbackList(List<? extends Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
        this.trainBatchHooks = overrides("onTrainBatchBegin") || overrides("onTrainBatchEnd");
        this.testBatchHooks = overrides("onTestBatchBegin") || overrides("onTestBatchEnd");
    }

    private boolean overrides(String hook) {
        for (Callback c : callbacks) {
            try {
                Method m = c.getClass().getMethod(hook, int.class, Map.class);
                if (m.getDeclaringClass() != Callback.class) return true;
            } catch (NoSuchMethodException e) {
                throw new AssertionError(hook, e);
            }
        }
        return false;
    }

    /** The callbacks, in order. */
    public List<Callback> callbacks() { return callbacks; }

    /** A callback of the given type, or null. */
    public <T extends Callback> T find(Class<T> type) {
        for (Callback c : callbacks) if (type.isInstance(c)) return type.cast(c);
        return null;
    }

    /** Whether some callback wants training batch hooks (then the loop reads metrics every batch). */
    public boolean wantsTrainBatchHooks() { return trainBatchHooks; }

    /** Whether some callback wants evaluation batch hooks. */
    public boolean wantsTestBatchHooks() { return testBatchHooks; }

    /** Gives every callback the model. */
    public void setModel(TrainableModel model) { for (Callback c : callbacks) c.setModel(model); }

    /** Gives every callback the run's parameters. */
    public void setParams(Map<String, Object> params) { for (Callback c : callbacks) c.setParams(params); }

    /** Calls {@link Callback#onTrainBegin}. */
    public void onTrainBegin(Map<String, Double> logs) { for (Callback c : callbacks) c.onTrainBegin(logs); }

    /** Calls {@link Callback#onTrainEnd}. */
    public void onTrainEnd(Map<String, Double> logs) { for (Callback c : callbacks) c.onTrainEnd(logs); }

    /** Calls {@link Callback#onEpochBegin}. */
    public void onEpochBegin(int epoch, Map<String, Double> logs) { for (Callback c : callbacks) c.onEpochBegin(epoch, logs); }

    /** Calls {@link Callback#onEpochEnd}. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) { for (Callback c : callbacks) c.onEpochEnd(epoch, logs); }

    /** Calls {@link Callback#onTrainBatchBegin}. */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onTrainBatchBegin(batch, logs); }

    /** Calls {@link Callback#onTrainBatchEnd}. */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onTrainBatchEnd(batch, logs); }

    /** Calls {@link Callback#onTestBegin}. */
    public void onTestBegin(Map<String, Double> logs) { for (Callback c : callbacks) c.onTestBegin(logs); }

    /** Calls {@link Callback#onTestEnd}. */
    public void onTestEnd(Map<String, Double> logs) { for (Callback c : callbacks) c.onTestEnd(logs); }

    /** Calls {@link Callback#onTestBatchBegin}. */
    public void onTestBatchBegin(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onTestBatchBegin(batch, logs); }

    /** Calls {@link Callback#onTestBatchEnd}. */
    public void onTestBatchEnd(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onTestBatchEnd(batch, logs); }

    /** Calls {@link Callback#onPredictBegin}. */
    public void onPredictBegin(Map<String, Double> logs) { for (Callback c : callbacks) c.onPredictBegin(logs); }

    /** Calls {@link Callback#onPredictEnd}. */
    public void onPredictEnd(Map<String, Double> logs) { for (Callback c : callbacks) c.onPredictEnd(logs); }

    /** Calls {@link Callback#onPredictBatchBegin}. */
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onPredictBatchBegin(batch, logs); }

    /** Calls {@link Callback#onPredictBatchEnd}. */
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) { for (Callback c : callbacks) c.onPredictBatchEnd(batch, logs); }

    /** A list holding these callbacks, then {@code more}. */
    public CallbackList with(List<? extends Callback> more) {
        List<Callback> all = new ArrayList<>(callbacks);
        all.addAll(more);
        return new CallbackList(all);
    }
}
