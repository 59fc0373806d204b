package dev.myelin.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {
    private static final Targets.Target ONE_THREAD = Targets.ALL.getFirst();

    @Test
    void judgesOnTheMedianOfAllIterations() {
        // Three forks of five iterations each, one fork slow: the median is the 8th of 15 sorted.
        List<Double> scores = List.of(91.0, 92.0, 90.5, 93.0, 91.5, 70.0, 72.0, 71.0, 69.0, 73.0, 90.0, 89.0, 92.5, 91.2, 88.0);
        Targets.Verdict v = Targets.judge(ONE_THREAD, scores);
        assertEquals(90.0, v.median());
        assertEquals(69.0, v.min());
        assertEquals(93.0, v.max());
        assertEquals(15, v.iterations());
        assertTrue(v.met(), "a median equal to the floor meets it");
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        Targets.Verdict v = Targets.judge(ONE_THREAD, List.of(89.0, 95.0, 80.0, 90.8));
        assertEquals(89.9, v.median(), 1e-12);
        assertFalse(v.met());
    }

    @Test
    void noIterationsIsAnErrorNamingTheTarget() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Targets.judge(ONE_THREAD, List.of()));
        assertTrue(e.getMessage().contains(ONE_THREAD.label()), e.getMessage());
    }

    @Test
    void aResultMatchesOnlyItsBenchmarkAndParameters() {
        Targets.Target lenet = target("LeNet training step, batch 64, 2 cores");
        String step = "dev.myelin.benchmarks.TrainStepBenchmark.step";
        assertTrue(Targets.matches(lenet, step, Map.of("backend", "cpu", "config", "lenet-64")));
        assertFalse(Targets.matches(lenet, step, Map.of("backend", "cuda", "config", "lenet-64")));
        assertFalse(Targets.matches(lenet, step, Map.of("backend", "cpu", "config", "lenet-256")));
        assertFalse(Targets.matches(lenet, step, Map.of("config", "lenet-64")));
        assertFalse(Targets.matches(lenet, "dev.myelin.benchmarks.InferenceBenchmark.lenet", Map.of("backend", "cpu", "config", "lenet-64")));
    }

    /** A typo in a target's benchmark or parameters would leave it unmeasured: every one is in some run. */
    @Test
    void everyTargetIsMeasuredByTheRuns() {
        for (Targets.Target t : Targets.ALL) {
            boolean measured = Targets.runs().stream().anyMatch(run ->
                    Pattern.compile(run.include()).matcher("dev.myelin.benchmarks." + t.benchmark()).find()
                            && t.params().entrySet().stream().allMatch(p -> Arrays.stream(run.params()).anyMatch(
                                    values -> values[0].equals(p.getKey())
                                            && Arrays.asList(values).subList(1, values.length).contains(p.getValue()))));
            assertTrue(measured, "no run of Targets.runs() measures '" + t.label() + "'");
        }
    }

    @Test
    void theFloorsAreTheProjectsSpeedTargets() {
        assertEquals(List.of(90.0, 170.0, 64.0, 50.0, 50.0, 5_000.0, 60_000.0),
                Targets.ALL.stream().map(Targets.Target::floor).toList());
    }

    private static Targets.Target target(String label) {
        return Targets.ALL.stream().filter(t -> t.label().equals(label)).findFirst().orElseThrow();
    }
}
