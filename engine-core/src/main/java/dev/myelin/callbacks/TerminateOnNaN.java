package dev.myelin.callbacks;

import java.util.Map;

/** Keras's {@code TerminateOnNaN}: stops training at the first batch whose loss is NaN or infinite. */
public final class TerminateOnNaN extends Callback {

    /** Stops at the first NaN or infinite loss. */
    public TerminateOnNaN() {}
    private int terminatedBatch = -1;

    /** The batch training stopped at, or -1. */
    public int terminatedBatch() { return terminatedBatch; }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            terminatedBatch = batch;
            model().stopTraining(true);
        }
    }
}
