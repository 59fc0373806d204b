package dev.myelin.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --targets}: the project's CPU speed targets, the benchmarks that measure them, and
 * the verdict table. A target is judged on the median of every measured iteration of every fork
 * (this machine's host moves one fork by 10 to 20%, so one fork's figure says little), printed
 * with the lowest and highest iteration next to it.
 */
final class Targets {
    /** A floor for one benchmark at one parameter set ({@code backend} is always {@code cpu}). */
    record Target(String label, String benchmark, Map<String, String> params, double floor, String unit) {}

    static final List<Target> ALL = List.of(
            new Target("matmul n=1024, one thread", "SgemmBenchmark.OneThread.sgemm",
                    Map.of("shape", "1024x1024x1024 NN"), 90, "GFLOP/s"),
            new Target("matmul n=1024, two threads", "SgemmBenchmark.TwoThreads.sgemm",
                    Map.of("shape", "1024x1024x1024 NN"), 170, "GFLOP/s"),
            new Target("LeNet conv2 forward, one thread", "ConvBenchmark.OneThread.forward",
                    Map.of("backend", "cpu", "layer", "lenet2"), 64, "GFLOP/s"),
            new Target("LeNet conv2 backward-data, one thread", "ConvBenchmark.OneThread.backwardData",
                    Map.of("backend", "cpu", "layer", "lenet2"), 50, "GFLOP/s"),
            new Target("LeNet conv2 backward-filter, one thread", "ConvBenchmark.OneThread.backwardFilter",
                    Map.of("backend", "cpu", "layer", "lenet2"), 50, "GFLOP/s"),
            new Target("LeNet training step, batch 64, 2 cores", "TrainStepBenchmark.step",
                    Map.of("backend", "cpu", "config", "lenet-64"), 5_000, "images/s"),
            new Target("MLP training step, batch 128, 2 cores", "TrainStepBenchmark.step",
                    Map.of("backend", "cpu", "config", "mlp-128"), 60_000, "images/s"));

    private Targets() {}

    /** The JMH runs that measure every target, matmul first (it is the one that needs a quiet host). */
    static List<BenchMain.Run> runs() {
        String[] cpu = {"backend", "cpu"};
        return List.of(
                new BenchMain.Run("SgemmBenchmark\\.(OneThread|TwoThreads)\\.sgemm", new String[] {"shape", "1024x1024x1024 NN"}),
                new BenchMain.Run("ConvBenchmark\\.OneThread", cpu, new String[] {"layer", "lenet2"}),
                new BenchMain.Run("TrainStepBenchmark\\.step", cpu, new String[] {"config", "lenet-64", "mlp-128"}));
    }

    /** One target's measurement: the median, lowest and highest of its iterations' scores. */
    record Verdict(Target target, double median, double min, double max, int iterations) {
        boolean met() {
            return median >= target.floor();
        }
    }

    /** The verdict on {@code scores}, one per measured iteration (of all forks), in the target's unit. */
    static Verdict judge(Target target, List<Double> scores) {
        if (scores.isEmpty()) throw new IllegalArgumentException("no measured iterations for '" + target.label() + "'");
        List<Double> sorted = scores.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Verdict(target, median, sorted.getFirst(), sorted.getLast(), n);
    }

    /** Whether a JMH result is the target's benchmark at the target's parameters. */
    static boolean matches(Target target, String benchmark, Map<String, String> params) {
        if (!benchmark.equals("dev.myelin.benchmarks." + target.benchmark())) return false;
        for (Map.Entry<String, String> p : target.params().entrySet()) {
            if (!p.getValue().equals(params.get(p.getKey()))) return false;
        }
        return true;
    }

    /** Each target's verdict from the results of {@link #runs()}; a target no result measured is left out. */
    static List<Verdict> judgeAll(Collection<RunResult> results) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Target target : ALL) {
            for (RunResult r : results) {
                BenchmarkParams p = r.getParams();
                Map<String, String> params = new HashMap<>();
                for (String key : p.getParamsKeys()) params.put(key, p.getParam(key));
                if (!matches(target, p.getBenchmark(), params)) continue;
                List<Double> scores = iterationScores(r);
                if (!scores.isEmpty()) verdicts.add(judge(target, scores));
            }
        }
        return verdicts;
    }

    /** Every measured iteration's score across the run's forks, in the unit {@link ResultTable} uses. */
    private static List<Double> iterationScores(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            for (IterationResult it : fork.getIterationResults()) {
                scores.add(ResultTable.row(it.getSecondaryResults(), it.getPrimaryResult()).score());
            }
        }
        return scores;
    }

    static void print(List<Verdict> verdicts, PrintStream out) {
        String format = "%-40s %12s %-9s %-28s %8s  %s%n";
        out.printf(format, "target", "median", "unit", "iterations (lowest-highest)", "floor", "verdict");
        for (Verdict v : verdicts) {
            out.printf(format, v.target().label(), number(v.median()), v.target().unit(),
                    v.iterations() + " (" + number(v.min()) + "-" + number(v.max()) + ")", number(v.target().floor()),
                    v.met() ? "met" : "missed");
        }
        int missing = ALL.size() - verdicts.size();
        if (missing > 0) out.println("targets: " + missing + " not measured (left out by --filter, or their benchmark failed above)");
    }

    /** One decimal below 1,000 (GFLOP/s), whole numbers with separators above (images/s). */
    private static String number(double x) {
        return x < 1000 ? String.format(Locale.ROOT, "%.1f", x) : String.format(Locale.ROOT, "%,.0f", x);
    }
}
