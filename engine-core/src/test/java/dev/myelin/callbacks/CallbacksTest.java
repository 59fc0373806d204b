package dev.myelin.callbacks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The callbacks' rules, each checked on a sequence of monitored values worked through by hand
 * against Keras 3's code (keras/src/callbacks/*.py): which epoch stops, which weights come back,
 * which files are written.
 */
class CallbacksTest {
    @TempDir
    Path dir;

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        FakeModel m = new FakeModel();
        EarlyStopping es = new EarlyStopping().patience(2);
        // best 0.8 at epoch 1; epochs 2 and 3 do not improve: wait reaches 2 at epoch 3
        assertEquals(4, m.run(es, "val_loss", 1.0, 0.8, 0.9, 0.85, 0.1, 0.1));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(3, m.weight[0], "without restoreBestWeights the last weights stay");
    }

    @Test
    void restoreBestWeightsPutsBackTheBestEpochsWeightsEvenWithoutStopping() {
        FakeModel m = new FakeModel();
        assertEquals(4, m.run(new EarlyStopping().patience(2).restoreBestWeights(true), "val_loss", 1.0, 0.8, 0.9, 0.85));
        assertEquals(1, m.weight[0]);
        FakeModel ran = new FakeModel();
        assertEquals(3, ran.run(new EarlyStopping().patience(5).restoreBestWeights(true), "val_loss", 0.5, 0.3, 0.4));
        assertEquals(1, ran.weight[0], "Keras 3 restores at the end of training whether or not it stopped");
    }

    @Test
    void minDeltaModeBaselineAndStartFromEpoch() {
        // improvements of 0.005 are below minDelta 0.01: no improvement after epoch 0, stop at epoch 1 with patience 1
        assertEquals(2, new FakeModel().run(new EarlyStopping().minDelta(0.01).patience(1), "val_loss", 1.0, 0.995, 0.99, 0.985));
        // accuracy is maximized in auto mode: falling accuracy stops at epoch 1
        assertEquals(2, new FakeModel().run(new EarlyStopping().monitor("val_accuracy").patience(1), "val_accuracy", 0.5, 0.4, 0.3));
        assertEquals(4, new FakeModel().run(new EarlyStopping().monitor("val_accuracy").patience(1), "val_accuracy", 0.5, 0.6, 0.7, 0.8));
        // a baseline never beaten: the wait is never reset, so an improvement that stays above it ...
        // epoch 0 improves (wait 1, no reset), epoch 1 does not: wait 2 >= 2 stops
        assertEquals(2, new FakeModel().run(new EarlyStopping().baseline(0.5).patience(2), "val_loss", 1.0, 1.1, 1.2));
        // ... and the same without the baseline runs on: epoch 0 resets the wait, epoch 1 waits 1, epoch 2 stops
        assertEquals(3, new FakeModel().run(new EarlyStopping().patience(2), "val_loss", 1.0, 1.1, 1.2, 1.3));
        // startFromEpoch 2: epochs 0 and 1 are not watched, 2 is the first best, 3 stops
        assertEquals(4, new FakeModel().run(new EarlyStopping().startFromEpoch(2).patience(1), "val_loss", 9, 9, 1.0, 1.5, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FakeModel().run(new EarlyStopping().monitor("val_widgets"), "val_widgets", 1.0));
        assertTrue(e.getMessage().contains("pass mode(\"max\")"), e.getMessage());
    }

    @Test
    void modelCheckpointFormatsFileNamesAndSavesTheBestOnly() throws IOException {
        FakeModel m = new FakeModel();
        String template = dir.resolve("ckpt-{epoch:02d}-{val_loss:.2f}.myelin").toString();
        m.run(new ModelCheckpoint(template), "val_loss", 0.5, 0.25, 0.75);
        assertEquals(List.of("model ckpt-01-0.50.myelin", "model ckpt-02-0.25.myelin", "model ckpt-03-0.75.myelin"), m.saves);

        FakeModel best = new FakeModel();
        best.run(new ModelCheckpoint(dir.resolve("sub/best-{epoch}.weights").toString()).saveBestOnly(true).saveWeightsOnly(true),
                "val_loss", 0.5, 0.6, 0.4, 0.4);
        assertEquals(List.of("weights best-1.weights", "weights best-3.weights"), best.saves, "only improvements are saved");
        assertTrue(Files.exists(dir.resolve("sub/best-3.weights")), "the folder is created");

        FakeModel threshold = new FakeModel();
        threshold.run(new ModelCheckpoint(dir.resolve("t.myelin")).saveBestOnly(true).initialValueThreshold(0.45), "val_loss", 0.5, 0.4);
        assertEquals(List.of("model t.myelin"), threshold.saves);

        FakeModel batches = new FakeModel();
        batches.run(new ModelCheckpoint(dir.resolve("b{epoch}-{batch}.myelin").toString()).saveFreq(1), "val_loss", 0.5, 0.4);
        assertEquals(List.of("model b1-1.myelin", "model b2-1.myelin"), batches.saves);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FakeModel().run(new ModelCheckpoint(dir.resolve("{val_acc}.myelin")), "val_loss", 0.5));
        assertTrue(e.getMessage().contains("no value named 'val_acc'"), e.getMessage());
    }

    @Test
    void pathTemplateFollowsPythonFormat() {
        Map<String, Number> v = new HashMap<>();
        v.put("epoch", 3);
        v.put("loss", 0.123456);
        v.put("tiny", 1.5e-5);
        assertEquals("e03-l0.12-x", PathTemplate.format("e{epoch:02d}-l{loss:.2f}-x", v));
        assertEquals("0.123456 1.5e-05 {3}", PathTemplate.format("{loss} {tiny} {{{epoch}}}", v));
        assertEquals("1.23e-01 12.3% 0.123", PathTemplate.format("{loss:.2e} {loss:.1%} {loss:.3g}", v));
        assertEquals("1.5e-05", PathTemplate.format("{tiny:g}", v));
    }

    @Test
    void pythonFloatReprMatchesPython() {
        // python3 -c "print(repr(0.1), repr(1e-5), repr(0.0005), repr(1e16), repr(123.0), repr(2/3), repr(1.5e-7), repr(12345678901234567.0))"
        assertEquals("0.1 1e-05 0.0005 1e+16 123.0 0.6666666666666666 1.5e-07 1.2345678901234568e+16",
                String.join(" ", PythonFloat.repr(0.1), PythonFloat.repr(1e-5), PythonFloat.repr(0.0005), PythonFloat.repr(1e16),
                        PythonFloat.repr(123.0), PythonFloat.repr(2.0 / 3), PythonFloat.repr(1.5e-7), PythonFloat.repr(12345678901234567.0)));
        assertEquals("nan -inf -0.0", String.join(" ", PythonFloat.repr(Double.NaN), PythonFloat.repr(Double.NEGATIVE_INFINITY), PythonFloat.repr(-0.0)));
    }

    @Test
    void reduceLrOnPlateauHalvesTheRateAfterPatienceAndCooldown() {
        FakeModel m = new FakeModel();
        List<Double> logged = new java.util.ArrayList<>();
        ReduceLROnPlateau r = new ReduceLROnPlateau().factor(0.5).patience(2).minLr(0.02);
        Callback spy = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { logged.add(logs.get("learning_rate")); }
        };
        CallbackList list = new CallbackList(List.of(r, spy));
        list.setModel(m);
        list.onTrainBegin(new HashMap<>());
        for (int e = 0; e < 7; e++) list.onEpochEnd(e, new HashMap<>(Map.of("val_loss", 1.0)));
        // e0 sets best 1.0; e1, e2 do not improve: reduce at e2 (0.1 -> 0.05); e3, e4: reduce (0.025); e5, e6: reduce to minLr 0.02
        assertEquals(List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025), logged.stream().map(x -> Math.round(x * 1e6) / 1e6).toList());
        assertEquals(0.02f, m.optimizer.learningRate());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    }

    @Test
    void learningRateSchedulerSetsTheRateBeforeEachEpoch() {
        FakeModel m = new FakeModel();
        m.run(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr / 2), "loss", 1, 1, 1);
        assertEquals(0.025f, m.optimizer.learningRate());
        assertThrows(IllegalArgumentException.class, () -> new FakeModel().run(new LearningRateScheduler((e, lr) -> -1), "loss", 1));
    }

    @Test
    void csvLoggerWritesOneSortedLinePerEpochAndAppendsWithoutASecondHeader() throws IOException {
        Path f = dir.resolve("log.csv");
        CSVLogger log = new CSVLogger(f);
        CallbackList list = new CallbackList(List.of(log));
        list.onTrainBegin(Map.of());
        list.onEpochEnd(0, Map.of("val_loss", 0.25, "loss", 0.5));
        list.onEpochEnd(1, Map.of("val_loss", 1e-5, "loss", 0.1));
        list.onTrainEnd(Map.of());
        assertEquals("epoch,loss,val_loss\n0,0.5,0.25\n1,0.1,1e-05\n", Files.readString(f));
        CallbackList again = new CallbackList(List.of(new CSVLogger(f, ",", true)));
        again.onTrainBegin(Map.of());
        again.onEpochEnd(2, Map.of("loss", 0.05, "val_loss", 0.5));
        again.onTrainEnd(Map.of());
        assertEquals("epoch,loss,val_loss\n0,0.5,0.25\n1,0.1,1e-05\n2,0.05,0.5\n", Files.readString(f));
    }

    @Test
    void terminateOnNaNStopsAtTheFirstBadBatch() {
        FakeModel m = new FakeModel();
        TerminateOnNaN t = new TerminateOnNaN();
        assertEquals(2, m.run(t, "loss", 1.0, Double.NaN, 0.5));
        assertEquals(0, t.terminatedBatch());
        assertTrue(m.stop);
    }

    @Test
    void theListKnowsWhetherAnyoneListensToBatches() {
        assertFalse(new CallbackList(List.of(new EarlyStopping(), new CSVLogger(dir.resolve("x")))).wantsTrainBatchHooks());
        assertTrue(new CallbackList(List.of(new EarlyStopping(), new TerminateOnNaN())).wantsTrainBatchHooks());
        assertFalse(new CallbackList(List.of(new TerminateOnNaN())).wantsTestBatchHooks());
    }
}
