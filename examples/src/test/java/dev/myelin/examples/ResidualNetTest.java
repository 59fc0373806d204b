package dev.myelin.examples;

import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.model.Model;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The residual net of the resnet example, written with the functional API as a Keras user would,
 * against Keras's figures: 5,402 parameters, 5,306 trainable and 96 non-trainable (each
 * BatchNormalization on 16 channels holds 32 trainable gamma and beta and 32 moving statistics;
 * Conv2D 3x3 without bias: 3*3*3*16 = 432 and 3*3*16*16 = 2,304; Dense 16*10 + 10 = 170), and the
 * summary's "Connected to" column as Keras 3 prints it ({@code name[node][tensor]}, the Add's two
 * inbound tensors on two lines).
 */
class ResidualNetTest {

    @Test
    void theResidualNetCountsAndConnectsAsKeras() {
        SymbolicTensor in = Input.of(32, 32, 3);
        Conv2D stem = new Conv2D(16, 3).padding("same").useBias(false);
        SymbolicTensor x = stem.apply(in);
        x = new BatchNormalization().apply(x);
        x = new Activation("relu").apply(x);
        SymbolicTensor shortcut = x;
        x = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
        x = new BatchNormalization().apply(x);
        x = new Activation("relu").apply(x);
        x = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
        BatchNormalization last = new BatchNormalization();
        x = last.apply(x);
        Add add = new Add();
        SymbolicTensor y = add.apply(x, shortcut);
        x = new Activation("relu").apply(y);
        x = new GlobalAveragePooling2D().apply(x);
        SymbolicTensor out = new Dense(10).apply(x);
        Model model = new Model(in, out);
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");

        assertEquals(5_402, model.paramCount());
        String summary = model.summaryText();
        assertTrue(summary.contains("\nTotal params: 5,402\n"), summary);
        assertTrue(summary.contains("\nTrainable params: 5,306\n"), summary);
        assertTrue(summary.contains("\nNon-trainable params: 96\n"), summary);
        List<String> lines = summary.lines().toList();
        String header = lines.stream().filter(l -> l.contains("Layer (type)")).findFirst().orElseThrow();
        assertTrue(header.matches(" Layer \\(type\\) +Output Shape +Param # +Connected to"), header);
        assertRow(lines, in.layer().name() + " (InputLayer)", "(None, 32, 32, 3)", "0", "-");
        assertRow(lines, stem.name() + " (Conv2D)", "(None, 32, 32, 16)", "432", in.layer().name() + "[0][0]");
        assertRow(lines, last.name() + " (BatchNormalization)", "(None, 32, 32, 16)", "64", null);
        int addRow = assertRow(lines, add.name() + " (Add)", "(None, 32, 32, 16)", "0", last.name() + "[0][0],");
        assertEquals(shortcut.layer().name() + "[0][0]", lines.get(addRow + 1).trim(), "the Add's second inbound tensor");
        assertRow(lines, out.layer().name() + " (Dense)", "(None, 10)", "170", x.layer().name() + "[0][0]");
        assertEquals(Shape.of(10), model.outputShape());
    }

    /** The row that starts with {@code layer}, with these columns in order; its index. */
    private static int assertRow(List<String> lines, String layer, String shape, String params, String connectedTo) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith(" " + layer + " ")) continue;
            List<String> columns = List.of(l.trim().split(" {2,}"));
            assertEquals(layer, columns.get(0), l);
            assertEquals(shape, columns.get(1), l);
            assertEquals(params, columns.get(2), l);
            if (connectedTo != null) assertEquals(connectedTo, columns.get(3), l);
            return i;
        }
        throw new AssertionError("no row for " + layer + " in\n" + String.join("\n", lines));
    }
}
