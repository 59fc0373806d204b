package dev.myelin.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./myelin bench}: runs a quick subset of the JMH benchmarks (under 3 minutes on 2 cores),
 * or all of them with {@code --full}, on every backend that starts here, then prints one table
 * (benchmark, backend, parameters, score, unit, error) and writes JMH's JSON. {@code --targets}
 * runs only what the project's CPU speed targets name, in {@code --forks} forks (3 unless given), and adds
 * the verdict table of {@link Targets}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--full | --targets [--forks N]] [--out FILE.json] [--filter REGEX]
 * java -jar benchmarks/target/benchmarks.jar --jmh [JMH options]   (JMH's own command line)
 * </pre>
 */
public final class BenchMain {
    /** One JMH run: a benchmark regex and the parameter values to restrict it to. */
    record Run(String include, String[]... params) {}

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        boolean full = false, targets = false;
        int forks = 0;
        Path out = defaultOut();
        String filter = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--targets" -> targets = true;
                case "--forks" -> forks = forkCount(value(args, ++i, "--forks"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--filter" -> filter = value(args, ++i, "--filter");
                case "--jmh" -> {
                    org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, i + 1, args.length));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: bench [--full | --targets [--forks N]] [--out FILE.json] [--filter REGEX] | --jmh [JMH options]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; try --help");
            }
        }
        if (full && targets) throw new IllegalArgumentException("--full and --targets are two different sets; choose one");
        if (forks > 0 && !targets) throw new IllegalArgumentException("--forks goes with --targets");
        if (targets && forks == 0) forks = 3;
        List<String> backends = new ArrayList<>(List.of("cpu"));
        String cudaMissing = BackendUnderTest.unavailableBecause("cuda");
        if (cudaMissing == null) backends.add("cuda");
        else System.out.println("bench: cuda skipped: " + cudaMissing);
        String[] all = backends.toArray(String[]::new);

        List<Run> runs = targets ? Targets.runs() : full ? fullRuns(all) : quickRuns(all);
        List<RunResult> results = new ArrayList<>();
        for (Run run : runs) {
            if (filter != null && !run.include().matches(".*(?:" + filter + ").*")) continue;
            ChainedOptionsBuilder options = new OptionsBuilder().include(run.include()).shouldFailOnError(false)
                    .verbosity(VerboseMode.SILENT);
            if (targets) {
                options.forks(forks); // the annotated iterations, in each fork
            } else if (!full) {
                // Whole models keep their annotated warm-up: two seconds would measure C2's ramp.
                if (!wholeModel(run)) options.warmupIterations(2).warmupTime(TimeValue.seconds(1));
                options.measurementIterations(3).measurementTime(TimeValue.seconds(1));
            }
            for (String[] p : run.params()) options.param(p[0], java.util.Arrays.copyOfRange(p, 1, p.length));
            System.out.println("bench: running " + run.include() + " " + describe(run.params()));
            results.addAll(new Runner(options.build()).run());
        }
        ResultTable.print(results, System.out);
        if (targets) {
            System.out.println();
            Targets.print(Targets.judgeAll(results), System.out);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (PrintStream json = new PrintStream(Files.newOutputStream(out), true, java.nio.charset.StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(results);
        }
        System.out.println("bench: JMH results written to " + out);
    }

    /** Whether a run times a whole model, which warms up for longer (see {@link TrainStepBenchmark}). */
    static boolean wholeModel(Run run) {
        return run.include().startsWith("TrainStepBenchmark") || run.include().startsWith("InferenceBenchmark");
    }

    /** The CPU speed targets and a taste of every benchmark family. */
    static List<Run> quickRuns(String[] backends) {
        String[] cpu = {"backend", "cpu"};
        return List.of(
                new Run("SgemmBenchmark\\.OneThread", new String[] {"shape", "1024x1024x1024 NN"}),
                new Run("SgemmBenchmark\\.TwoThreads", new String[] {"shape", "1024x1024x1024 NN", "64x800x500 NN"}),
                new Run("ConvBenchmark\\.OneThread", cpu, new String[] {"layer", "lenet2"}),
                new Run("MatmulBenchmark", with("backend", backends), new String[] {"shape", "1024x1024x1024 NN"}),
                new Run("ConvBenchmark\\.AllCores", with("backend", backends), new String[] {"layer", "lenet2"}),
                new Run("PoolBenchmark", with("backend", backends), new String[] {"layer", "lenet1"}),
                new Run("TrainStepBenchmark\\.step", with("backend", backends), new String[] {"config", "mlp-128", "lenet-64"}),
                new Run("InferenceBenchmark", with("backend", backends)));
    }

    /** Everything, each with its annotated iteration counts; one-thread runs on the CPU only. */
    static List<Run> fullRuns(String[] backends) {
        return List.of(
                new Run("ClockBenchmark"),
                new Run("SgemmBenchmark\\.OneThread"),
                new Run("SgemmBenchmark\\.TwoThreads"),
                new Run("MatmulBenchmark", with("backend", backends)),
                new Run("ConvBenchmark\\.OneThread", new String[] {"backend", "cpu"}),
                new Run("ConvBenchmark\\.AllCores", with("backend", backends)),
                new Run("PoolBenchmark", with("backend", backends)),
                new Run("TrainStepBenchmark\\.step", with("backend", backends)),
                new Run("InferenceBenchmark", with("backend", backends)));
    }

    private static String[] with(String name, String[] values) {
        String[] p = new String[values.length + 1];
        p[0] = name;
        System.arraycopy(values, 0, p, 1, values.length);
        return p;
    }

    private static String describe(String[][] params) {
        StringBuilder s = new StringBuilder();
        for (String[] p : params) s.append(p[0]).append('=').append(String.join(",", java.util.Arrays.copyOfRange(p, 1, p.length))).append(' ');
        return s.toString().trim();
    }

    private static int forkCount(String text) {
        try {
            int forks = Integer.parseInt(text);
            if (forks >= 1) return forks;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--forks needs a whole number of at least 1, got '" + text + "'");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    /** benchmarks/target/jmh-result.json from the repository root, else jmh-result.json here. */
    private static Path defaultOut() {
        return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target", "jmh-result.json") : Path.of("jmh-result.json");
    }
}
