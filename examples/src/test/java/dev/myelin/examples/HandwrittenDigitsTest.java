package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.data.Mnist;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;

class HandwrittenDigitsTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @Test
    void cropsTheCentral20By20() {
        // Two 28 x 28 "images" whose pixel (r, c) is r * 28 + c, labelled 3 and 7.
        float[] x = new float[2 * 784];
        for (int i = 0; i < 2; i++) for (int p = 0; p < 784; p++) x[i * 784 + p] = p + 1000 * i;
        Dataset d = HandwrittenDigits.crop(new Dataset(x, Shape.of(28, 28, 1), new float[] {3, 7}, Shape.SCALAR), new int[] {7, 3}, 1);
        assertEquals(Shape.of(400), d.sampleShape());
        assertArrayEquals(new float[] {1, 0}, d.y(), "labels are positions in the class list: 3 is class 1, 7 class 0");
        assertEquals(4 * 28 + 4, d.x()[0], "row 4, column 4 of the first image");
        assertEquals(23 * 28 + 23, d.x()[399], "row 23, column 23");
        assertEquals(1000 + 4 * 28 + 4, d.x()[400]);
    }

    @Test
    void tellsZerosFromOnes() throws IOException {
        HandwrittenDigits.Result r = HandwrittenDigits.binary(EmbeddedMnist.load(), 1, HandwrittenDigits.BINARY_EPOCHS, 0, QUIET);
        // Zeros and ones are the easiest pair: the course's network reaches ~99-100%; 0.98 fails one that has not learned.
        assertEquals(300, r.testImages());
        assertTrue(r.testAccuracy() >= 0.98, "test accuracy " + r.testAccuracy());
    }

    @Test
    void tellsTheTenDigitsApart() throws IOException {
        Mnist mnist = EmbeddedMnist.load();
        HandwrittenDigits.Result r = HandwrittenDigits.ten(mnist, 1, HandwrittenDigits.TEN_EPOCHS, 0, QUIET);
        // The course's 25-15-10 network on 5,000 20x20 images reaches ~93% on its training set; on unseen MNIST
        // images 0.85 fails a network that has not learned (a guess scores 0.10).
        assertEquals(1500, r.testImages());
        assertTrue(r.trainAccuracy() >= 0.9, "training accuracy " + r.trainAccuracy());
        assertTrue(r.testAccuracy() >= 0.85, "test accuracy " + r.testAccuracy());
    }
}
