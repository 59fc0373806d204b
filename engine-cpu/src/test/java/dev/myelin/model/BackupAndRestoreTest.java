package dev.myelin.model;

import dev.myelin.callbacks.BackupAndRestore;
import dev.myelin.callbacks.Callback;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Input;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run killed with SIGKILL in the middle of epoch 3 and started again with the same backup folder
 * ends with the history and weights of a run never killed, bit for bit: the optimizer's moments and
 * step, the shuffling order and the dropout masks all continue where they were.
 */
class BackupAndRestoreTest {
    static final int EPOCHS = 5, KILL_EPOCH = 2, KILL_BATCH = 8; // epoch index 2 is the third epoch; 16 batches each

    @TempDir
    Path dir;

    @Test
    void aRunKilledInEpoch3ResumesToTheSameHistoryAndWeights() throws Exception {
        String reference = runChild("plain", dir.resolve("unused"), null);
        Path backups = dir.resolve("backup");
        String killed = runChild("block", backups, "blocked in epoch 3");
        assertNull(killed, "the first run was killed, it wrote nothing");
        assertTrue(Files.exists(backups.resolve(BackupAndRestore.FILE)), "the killed run left the backup of epoch 2");
        String resumed = runChild("resume", backups, null);
        assertTrue(resumed.contains("resumed"), "the second run started from the backup: " + resumed.lines().findFirst().orElse(""));
        assertEquals(strip(reference), strip(resumed), "history and weights of the resumed run");
        assertFalse(Files.exists(backups.resolve(BackupAndRestore.FILE)), "a run that ends normally deletes its backup, as Keras");
    }

    private static String strip(String out) {
        return out.lines().filter(l -> l.startsWith("history ") || l.startsWith("weight ")).reduce("", (a, b) -> a + b + "\n");
    }

    /** Runs {@link Child} in a fresh JVM; with {@code killOn}, SIGKILLs it once it prints that line and returns null. */
    private String runChild(String mode, Path backups, String killOn) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules=jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode, backups.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (killOn != null && line.contains(killOn)) {
                    p.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no finally
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                    assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
                    return null;
                }
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out::toString);
        assertNull(killOn, "the child never reached the line to kill at: " + out);
        return out.toString();
    }

    /** The child JVM: trains 5 epochs with dropout and Adam, printing the history and weights as exact bits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            String mode = args[0];
            Path backups = Path.of(args[1]);
            SplittableRandom r = new SplittableRandom(3);
            float[][] x = new float[512][6];
            float[] y = new float[512];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < 6; k++) x[i][k] = (float) r.nextGaussian();
                y[i] = x[i][0] + x[i][1] > 0 ? (x[i][2] > 0 ? 2 : 1) : 0;
            }
            Sequential model = new Sequential(new Input(6), new Dense(16).activation("relu"), new Dropout(0.25),
                    new Dense(3).activation("softmax")).seed(11);
            model.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
            FitOptions options = new FitOptions().epochs(EPOCHS).batchSize(32).shuffle(true).seed(5).verbose(0).validationSplit(0.125);
            if (!mode.equals("plain")) {
                if (Files.exists(backups.resolve(BackupAndRestore.FILE))) System.out.println("resumed from " + backups);
                options.callbacks(new BackupAndRestore(backups));
            }
            if (mode.equals("block")) {
                options.callbacks(new Callback() {
                    int epoch;

                    @Override
                    public void onEpochBegin(int e, Map<String, Double> logs) { epoch = e; }

                    @Override
                    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                        if (epoch == KILL_EPOCH && batch == KILL_BATCH) {
                            System.out.println("blocked in epoch 3, batch " + (batch + 1));
                            System.out.flush();
                            try {
                                Thread.sleep(600_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
            }
            History h = model.fit(Dataset.of(x, y), options);
            h.history().forEach((k, v) -> System.out.println("history " + k + " " + v.stream().map(d -> Long.toHexString(Double.doubleToRawLongBits(d))).toList()));
            for (Tensor w : model.weights()) {
                StringBuilder b = new StringBuilder("weight");
                for (float f : w.toArray()) b.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
                System.out.println(b);
            }
        }
    }
}
