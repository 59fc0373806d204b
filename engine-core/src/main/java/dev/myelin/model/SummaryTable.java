package dev.myelin.model;

import dev.myelin.layers.Layer;
import dev.myelin.layers.Shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Keras's {@code model.summary()} table (the Keras 2 text layout, plain ASCII), widened where a cell needs it. */
final class SummaryTable {
    private static final String[] HEADERS = {"Layer (type)", "Output Shape", "Param #"};
    private static final int[] MIN_WIDTHS = {29, 26, 10};

    private SummaryTable() {}

    static String render(String modelName, List<Layer> layers) {
        List<String[]> rows = new ArrayList<>();
        long total = 0, trainable = 0;
        for (Layer l : layers) {
            rows.add(new String[] {l.name() + " (" + l.typeName() + ")", Shapes.batched(l.outputShape()), String.valueOf(l.paramCount())});
            total += l.paramCount();
            trainable += l.trainableParamCount();
        }
        int[] widths = MIN_WIDTHS.clone();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length() + 3);
        }
        int line = widths[0] + widths[1] + widths[2];
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(modelName).append("\"\n");
        b.append("_".repeat(line)).append('\n');
        b.append(row(HEADERS, widths)).append('\n');
        b.append("=".repeat(line)).append('\n');
        for (String[] r : rows) b.append(row(r, widths)).append('\n');
        b.append("=".repeat(line)).append('\n');
        b.append("Total params: ").append(thousands(total)).append('\n');
        b.append("Trainable params: ").append(thousands(trainable)).append('\n');
        b.append("Non-trainable params: ").append(thousands(total - trainable)).append('\n');
        b.append("_".repeat(line)).append('\n');
        return b.toString();
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = " " + cells[i];
            b.append(cell).append(" ".repeat(widths[i] - cell.length()));
        }
        return b.toString().stripTrailing();
    }

    /** {@code 431080} as Keras prints it: {@code 431,080}. */
    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
