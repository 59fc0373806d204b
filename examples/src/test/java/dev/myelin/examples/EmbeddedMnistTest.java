package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddedMnistTest {
    @Test
    void shipsTheDocumentedSubset() throws IOException {
        Mnist m = EmbeddedMnist.load();
        assertEquals(10_000, m.train().size());
        assertEquals(2_000, m.test().size());
        assertEquals(Shape.of(28, 28, 1), m.train().sampleShape());
        // Class counts of the first 10,000 training and 2,000 test labels, counted with Python from the
        // original files when the subset was cut (see resources/mnist/README.md).
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts(m.train()));
        assertArrayEquals(new int[] {175, 234, 219, 207, 217, 179, 178, 205, 192, 194}, counts(m.test()));
        // MNIST's first training image is a 5, its first test image a 7 (LeCun's files).
        assertEquals(5, m.train().y()[0]);
        assertEquals(7, m.test().y()[0]);
        float min = 1, max = 0;
        for (float v : m.train().x()) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertEquals(1f, max, "pixels scaled by 1/255");
    }

    private static int[] counts(Dataset d) {
        int[] c = new int[10];
        for (float y : d.y()) c[(int) y]++;
        return c;
    }
}
