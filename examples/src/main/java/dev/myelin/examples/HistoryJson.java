package dev.myelin.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a training run as {@code history.json}: the command's settings, the backend, Keras's
 * per-epoch {@code history} (training and validation metrics), seconds per epoch, and the test
 * metrics. Written to a temporary file first, so a failure leaves no half-written file.
 */
public final class HistoryJson {
    private HistoryJson() {}

    /** Everything a run records. */
    public record Run(String command, Map<String, Object> settings, String backendName, String backendDescription,
                      String backendSelection, Map<String, List<Double>> history, List<Double> epochSeconds,
                      Map<String, Double> test) {}

    public static void write(Run run, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", run.command());
        root.put("settings", run.settings());
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", run.backendName());
        backend.put("description", run.backendDescription());
        backend.put("selection", run.backendSelection());
        root.put("backend", backend);
        root.put("epochs", perEpoch(run));
        root.put("history", run.history());
        root.put("epoch_seconds", run.epochSeconds());
        root.put("test", run.test());

        // NaN is written as NaN (Gson's lenient form) rather than failing: a diverged run is still worth recording.
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            gson.toJson(root, w);
            w.write('\n');
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The same numbers as {@code history}, one object per epoch: easier to read by eye and by jq. */
    private static List<Map<String, Object>> perEpoch(Run run) {
        int epochs = run.epochSeconds().size();
        for (List<Double> series : run.history().values()) epochs = Math.max(epochs, series.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e + 1);
            if (e < run.epochSeconds().size()) row.put("seconds", run.epochSeconds().get(e));
            for (Map.Entry<String, List<Double>> m : run.history().entrySet()) {
                if (e < m.getValue().size()) row.put(m.getKey(), m.getValue().get(e));
            }
            rows.add(row);
        }
        return rows;
    }
}
