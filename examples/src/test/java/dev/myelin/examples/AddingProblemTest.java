package dev.myelin.examples;

import dev.myelin.data.Dataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddingProblemTest {

    @Test
    void sequencesHaveTwoMarkersOnePerHalfAndTheirSumAsTarget() {
        Dataset d = AddingProblem.sequences(300, 50, 4);
        double meanTarget = 0;
        for (int i = 0; i < d.size(); i++) {
            int markersFirstHalf = 0, markersSecondHalf = 0;
            double sum = 0;
            for (int t = 0; t < 50; t++) {
                float v = d.x()[(i * 50 + t) * 2], m = d.x()[(i * 50 + t) * 2 + 1];
                assertTrue(v >= 0 && v < 1 && (m == 0 || m == 1));
                if (m == 1) {
                    sum += v;
                    if (t < 25) markersFirstHalf++;
                    else markersSecondHalf++;
                }
            }
            assertEquals(1, markersFirstHalf);
            assertEquals(1, markersSecondHalf);
            assertEquals(sum, d.y()[i], 1e-6);
            meanTarget += d.y()[i];
        }
        assertEquals(1.0, meanTarget / d.size(), 0.05, "two uniforms in [0, 1) add up to 1 on average");
    }

    /**
     * The example's outcome at its full length of 50 steps, on half its data and steps to keep the
     * suite fast (4,000 sequences in batches of 32 instead of 8,000 in batches of 64; LSTM 5 epochs,
     * GRU 4, instead of 10): both under the example's goal of 0.01 (0.0028 and 0.0008 here), where predicting
     * the mean scores about 0.17.
     */
    @Test
    void lstmAndGruLearnToAdd() {
        for (String cell : new String[] {"lstm", "gru"}) {
            AddingProblem.Result r = AddingProblem.train(cell, AddingProblem.STEPS, 4000, cell.equals("lstm") ? 5 : 4, 32, 1, 0);
            assertEquals(1.0 / 6, r.meanBaselineMse(), 0.02, "predicting the mean");
            assertTrue(r.testMse() < 0.01, cell + ": test MSE " + r.testMse());
        }
    }
}
