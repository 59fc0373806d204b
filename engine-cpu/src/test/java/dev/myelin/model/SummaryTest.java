package dev.myelin.model;

import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.MaxPooling2D;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras semantics: the parameter counts and output shapes Keras prints for LeNet and the course's CNN. */
class SummaryTest {

    /** The table's rows, as (name (type), output shape, params) split on runs of spaces. */
    private static List<String[]> rows(String table) {
        String[] lines = table.split("\n");
        int first = -1, last = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("=")) {
                if (first < 0) first = i; else last = i;
            }
        }
        return java.util.Arrays.stream(lines, first + 1, last).map(l -> l.trim().split(" {2,}")).toList();
    }

    @Test
    void leNetHas431080Params() {
        Sequential m = new Sequential(new Input(28, 28, 1),
                new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
                new Conv2D(50, 5).activation("relu"), new MaxPooling2D(2),
                new Flatten(), new Dense(500).activation("relu"), new Dense(10));
        String text = m.summaryText();
        assertTrue(text.contains("\nTotal params: 431,080\n"), text);
        assertTrue(text.contains("\nTrainable params: 431,080\n"), text);
        assertTrue(text.contains("\nNon-trainable params: 0\n"), text);
        assertTrue(text.startsWith("Model: \"" + m.name() + "\"\n"), text);
        List<String[]> rows = rows(text);
        String[][] expected = {
                {"(None, 24, 24, 20)", "520"}, {"(None, 12, 12, 20)", "0"}, {"(None, 8, 8, 50)", "25050"},
                {"(None, 4, 4, 50)", "0"}, {"(None, 800)", "0"}, {"(None, 500)", "400500"}, {"(None, 10)", "5010"}};
        assertEquals(expected.length, rows.size(), text);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], rows.get(i)[1], "output shape of row " + i + "\n" + text);
            assertEquals(expected[i][1], rows.get(i)[2], "params of row " + i + "\n" + text);
        }
        Layer conv = m.layers().get(1);
        assertEquals(conv.name() + " (Conv2D)", rows.get(0)[0]);
    }

    @Test
    void courseCnnHas68770Params() {
        Sequential m = new Sequential(new Input(20, 20, 3),
                new Dense(16),
                new Conv2D(32, 3).padding("same").activation("relu"),
                new MaxPooling2D(2).strides(2),
                new Conv2D(64, 5).padding("same").activation("relu"),
                new Flatten(),
                new Dense(2).activation("softmax"));
        String text = m.summaryText();
        assertTrue(text.contains("\nTotal params: 68,770\n"), text);
        assertTrue(text.contains("\nTrainable params: 68,770\n"), text);
        List<String[]> rows = rows(text);
        String[] shapes = {"(None, 20, 20, 16)", "(None, 20, 20, 32)", "(None, 10, 10, 32)", "(None, 10, 10, 64)", "(None, 6400)", "(None, 2)"};
        String[] params = {"64", "4640", "0", "51264", "0", "12802"};
        for (int i = 0; i < shapes.length; i++) {
            assertEquals(shapes[i], rows.get(i)[1], text);
            assertEquals(params[i], rows.get(i)[2], text);
        }
    }

    @Test
    void thousandsSeparatorAsKeras() {
        assertEquals("0", SummaryTable.thousands(0));
        assertEquals("999", SummaryTable.thousands(999));
        assertEquals("1,000", SummaryTable.thousands(1000));
        assertEquals("1,234,567", SummaryTable.thousands(1234567));
    }
}
