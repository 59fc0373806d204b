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
        return table(modelName, HEADERS, MIN_WIDTHS, rows, total, trainable);
    }

    private static final String[] GRAPH_HEADERS = {"Layer (type)", "Output Shape", "Param #", "Connected to"};
    private static final int[] GRAPH_MIN_WIDTHS = {32, 21, 12, 33}; // Keras's 98 columns at [.33, .55, .67, 1]

    /**
     * A functional model's table: every layer once, input layers included, with the tensors each node
     * takes in Keras's {@code layer[node][tensor]} form, one per line ({@code -} for an input), then the
     * totals over the model's weights (a shared layer counted once).
     */
    static String renderGraph(Model model) {
        Graph g = model.graph();
        List<String[]> rows = new ArrayList<>();
        for (Layer l : g.layers) {
            List<String> connections = new ArrayList<>();
            List<dev.myelin.layers.LayerNode> nodes = g.nodesOf(l);
            for (dev.myelin.layers.LayerNode n : nodes) {
                for (dev.myelin.layers.SymbolicTensor t : n.inputs()) connections.add(t.reference());
            }
            List<String> outShapes = new ArrayList<>();
            for (dev.myelin.layers.SymbolicTensor t : nodes.get(0).outputs()) outShapes.add(Shapes.batched(t.shape()));
            String shape = outShapes.size() == 1 ? outShapes.get(0) : "[" + String.join(", ", outShapes) + "]";
            rows.add(new String[] {l.name() + " (" + l.typeName() + ")", shape, String.valueOf(l.paramCount()),
                    connections.isEmpty() ? "-" : connections.get(0) + (connections.size() > 1 ? "," : "")});
            for (int i = 1; i < connections.size(); i++) {
                rows.add(new String[] {"", "", "", connections.get(i) + (i < connections.size() - 1 ? "," : "")});
            }
        }
        long total = count(model.weights()), trainable = count(model.params());
        return table(model.name(), GRAPH_HEADERS, GRAPH_MIN_WIDTHS, rows, total, trainable);
    }

    private static String table(String modelName, String[] headers, int[] minWidths, List<String[]> rows, long total, long trainable) {
        int[] widths = minWidths.clone();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length() + 3);
        }
        int line = 0;
        for (int w : widths) line += w;
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(modelName).append("\"\n");
        b.append("_".repeat(line)).append('\n');
        b.append(row(headers, widths)).append('\n');
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

    private static long count(List<dev.myelin.tensor.Tensor> tensors) {
        long n = 0;
        for (dev.myelin.tensor.Tensor t : tensors) n += t.size();
        return n;
    }

    /** {@code 431080} as Keras prints it: {@code 431,080}. */
    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
