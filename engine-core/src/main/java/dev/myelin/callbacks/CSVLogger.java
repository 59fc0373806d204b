package dev.myelin.callbacks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keras's {@code CSVLogger}: one line per epoch, {@code epoch} (0-based, as Keras writes it) then
 * every logged value in alphabetical order of name, numbers as Python prints them. With
 * {@code append}, a file that already has lines gets no second header (resuming a run).
 */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private Writer out;
    private List<String> keys;
    /** The longest header an appended file may have: far beyond any metric list. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Logs to {@code file}, comma-separated, overwriting it. */
    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    /** Logs to {@code file} with {@code separator}; {@code append} adds to an existing file. */
    public CSVLogger(Path file, String separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        try {
            boolean hasLines = append && Files.exists(file) && Files.size(file) > 0;
            keys = hasLines ? existingHeader() : null;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The names after {@code epoch} in the first line of the file appended to. Only that line is read,
     * up to {@link #MAX_HEADER_BYTES}, and decoded leniently: a damaged header costs columns of NA, not the run.
     */
    private List<String> existingHeader() throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_HEADER_BYTES + 1);
        }
        int end = 0;
        while (end < head.length && head[end] != '\n' && head[end] != '\r') end++;
        if (end > MAX_HEADER_BYTES) {
            throw new IOException("its first line is longer than " + MAX_HEADER_BYTES + " bytes, too long for the header of a CSV log"
                    + " (append to another file, or append=false to overwrite it)");
        }
        String header = new String(head, 0, end, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>(List.of(header.split(java.util.regex.Pattern.quote(separator), -1)));
        names.remove(0); // "epoch"
        return names;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (keys == null) {
                keys = new ArrayList<>(new TreeSet<>(logs.keySet()));
                out.write("epoch" + (keys.isEmpty() ? "" : separator + String.join(separator, keys)) + "\n");
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : PythonFloat.repr(v));
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
