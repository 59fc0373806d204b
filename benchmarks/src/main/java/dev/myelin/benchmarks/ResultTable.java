package dev.myelin.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table {@code bench} prints: one row per benchmark and parameter set, the score in the unit
 * that means something for it (GFLOP/s from the {@code flops} counter, images/s from
 * {@code images}, else JMH's ops/s), and JMH's 99.9% error half-width in the same unit.
 */
final class ResultTable {
    private ResultTable() {}

    static void print(Collection<RunResult> results, PrintStream out) {
        String format = "%-38s %-7s %-22s %12s %-9s %10s%n";
        out.printf(format, "benchmark", "backend", "parameters", "score", "unit", "error");
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark().replaceFirst("^dev\\.myelin\\.benchmarks\\.", "");
            Map<String, String> params = new TreeMap<>();
            for (String key : p.getParamsKeys()) if (!key.equals("backend")) params.put(key, p.getParam(key));
            String backend = p.getParam("backend") == null ? "cpu" : p.getParam("backend");
            Row row = row(r);
            out.printf(format, name, backend, String.join(" ", params.values()),
                    String.format(Locale.ROOT, "%.2f", row.score), row.unit, String.format(Locale.ROOT, "± %.2f", row.error));
        }
    }

    record Row(double score, double error, String unit) {}

    static Row row(RunResult r) {
        return row(r.getSecondaryResults(), r.getPrimaryResult());
    }

    /** The same for one iteration's (or one run's) results. */
    static Row row(Map<String, Result> secondary, Result primary) {
        Result flops = secondary.get("flops");
        if (flops != null && flops.getScore() > 0) return new Row(flops.getScore() / 1e9, error(flops) / 1e9, "GFLOP/s");
        Result images = secondary.get("images");
        if (images != null && images.getScore() > 0) return new Row(images.getScore(), error(images), "images/s");
        return new Row(primary.getScore(), error(primary), primary.getScoreUnit());
    }

    private static double error(Result result) {
        double e = result.getScoreError();
        return Double.isNaN(e) ? 0 : e;
    }
}
