package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.model.Sequential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code myelin predict --model FILE [--count N]}: the model's class and confidence for the first
 * test images, beside their true labels, each drawn in text.
 */
final class PredictCommand {
    static final List<String> FLAGS = List.of("model", "data", "count", "backend");
    private static final String SHADES = " .:-=+*#%@";

    private PredictCommand() {}

    static void run(List<String> args, PrintStream out) throws IOException {
        Flags flags = Flags.parse("predict", args, FLAGS);
        Path file = Path.of(flags.required("model"));
        int count = flags.positiveInt("count", 5, 1);
        BackendOption.apply(flags, out);
        Data data = Data.load(flags);
        Sequential model = SavedModel.load(file);
        Dataset test = data.mnist().test();
        count = Math.min(count, test.size());
        Dataset first = test.subset(0, count);
        float[] outputs = model.predict(first, Math.min(count, 256));
        int classes = outputs.length / count;
        int right = 0;
        for (int i = 0; i < count; i++) {
            float[] p = probabilities(outputs, i * classes, classes);
            int guess = argmax(p);
            int truth = (int) first.y()[i];
            if (guess == truth) right++;
            out.printf(Locale.ROOT, "test image %d: predicted %d (%.1f%%), label %d%s%n",
                    i, guess, 100 * p[guess], truth, guess == truth ? "" : "   <-- wrong");
            if (count <= 10) draw(first, i, out);
        }
        out.printf(Locale.ROOT, "%d of %d right%n", right, count);
    }

    /**
     * Softmax of one row when the model gives logits (any value outside [0, 1] or a row not summing
     * to 1); the row itself when it already holds probabilities.
     */
    static float[] probabilities(float[] out, int from, int n) {
        double sum = 0;
        boolean probabilities = true;
        for (int k = 0; k < n; k++) {
            float v = out[from + k];
            if (v < 0 || v > 1) probabilities = false;
            sum += v;
        }
        float[] p = new float[n];
        if (probabilities && Math.abs(sum - 1) < 1e-3) {
            System.arraycopy(out, from, p, 0, n);
            return p;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, out[from + k]);
        double z = 0;
        for (int k = 0; k < n; k++) z += Math.exp(out[from + k] - max);
        for (int k = 0; k < n; k++) p[k] = (float) (Math.exp(out[from + k] - max) / z);
        return p;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    /** The image in characters: one per pixel, every other row, as characters are about twice as tall as wide. */
    private static void draw(Dataset d, int i, PrintStream out) {
        int h = d.sampleShape().dim(0), w = d.sampleShape().dim(1), c = d.sampleShape().dim(2);
        int base = i * h * w * c;
        for (int y = 0; y < h; y += 2) {
            StringBuilder line = new StringBuilder("    ");
            for (int x = 0; x < w; x++) {
                float v = d.x()[base + (y * w + x) * c];
                char ch = SHADES.charAt(Math.min(SHADES.length() - 1, (int) (v * SHADES.length())));
                line.append(ch);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
