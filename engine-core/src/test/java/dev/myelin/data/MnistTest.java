package dev.myelin.data;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MnistTest {
    @TempDir
    Path dir;

    /** Writes a tiny MNIST-format set: {@code n} images of 2x3 pixels whose pixel k of image i is i*10+k. */
    private void writeSet(String images, String labels, int n, boolean gz, int... labelValues) throws IOException {
        byte[] px = new byte[n * 6];
        for (int i = 0; i < n; i++) for (int k = 0; k < 6; k++) px[i * 6 + k] = (byte) (i * 10 + k);
        Idx.write(dir.resolve(images + (gz ? ".gz" : "")), new int[] {n, 2, 3}, px, gz);
        byte[] lb = new byte[labelValues.length];
        for (int i = 0; i < lb.length; i++) lb[i] = (byte) labelValues[i];
        Idx.write(dir.resolve(labels + (gz ? ".gz" : "")), new int[] {lb.length}, lb, gz);
    }

    private void writeValid() throws IOException {
        writeSet(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 3, true, 7, 0, 9);
        writeSet(Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 2, false, 4, 2);
    }

    @Test
    void loadsShapesPixelsAndLabels() throws IOException {
        writeValid();
        Mnist m = Mnist.load(dir);
        assertEquals(3, m.train().size());
        assertEquals(2, m.test().size());
        assertEquals(Shape.of(2, 3, 1), m.train().sampleShape(), "NHWC with one channel");
        assertEquals(Shape.SCALAR, m.train().labelShape(), "class indices");
        assertArrayEquals(new float[] {7, 0, 9}, m.train().y());
        assertArrayEquals(new float[] {4, 2}, m.test().y());
        // image 1, pixel 4 holds byte 14: scaled by 1/255
        assertEquals(14 / 255f, m.train().x()[6 + 4]);
        assertEquals(0f, m.train().x()[0]);
    }

    @Test
    void acceptsTheDottedNames() throws IOException {
        writeValid();
        Files.move(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-images.idx3-ubyte.gz"));
        assertEquals(3, Mnist.load(dir).train().size());
    }

    @Test
    void missingFileListsWhatWasLookedFor() throws IOException {
        writeValid();
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte"),
                e.getMessage());
    }

    @Test
    void missingFolderSaysSo() {
        Path absent = dir.resolve("nope");
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(absent));
        assertTrue(e.getMessage().contains(absent + ": no such folder"), e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        writeSet(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 3, false, 1, 2);
        writeSet(Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 2, false, 4, 2);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("holds 3 images but"), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte holds 2 labels"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesFileAndIndex() throws IOException {
        writeSet(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 3, false, 1, 12, 2);
        writeSet(Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 2, false, 4, 2);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: label 12 at index 1"), e.getMessage());
    }

    @Test
    void swappedFilesAreCaughtByRank() throws IOException {
        writeValid();
        Path images = dir.resolve("t10k-images-idx3-ubyte"), labels = dir.resolve("t10k-labels-idx1-ubyte");
        Path tmp = dir.resolve("tmp");
        Files.move(images, tmp);
        Files.move(labels, images);
        Files.move(tmp, labels);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: expected MNIST images of 3 dimensions"), e.getMessage());
        assertTrue(e.getMessage().contains("is this a labels file?"), e.getMessage());
    }

    @Test
    void truncatedFileInFolderIsNamed() throws IOException {
        writeValid();
        Path f = dir.resolve("t10k-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 1));
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("need 12 bytes of data, found 11"), e.getMessage());
    }

    @Test
    void aSetOfNoImagesIsRefused() throws IOException {
        writeSet(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 0, false);
        writeSet(Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 2, false, 4, 2);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(Mnist.TRAIN_IMAGES).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds 0 images"), e.getMessage());
    }

    @Test
    void imagesOfZeroPixelsAreRefused() throws IOException {
        writeSet(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 3, false, 7, 0, 9);
        writeSet(Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 2, false, 4, 2);
        Idx.write(dir.resolve(Mnist.TRAIN_IMAGES), new int[] {3, 0, 28}, new byte[0], false);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("images of 0x28 pixels"), e.getMessage());
    }

    @Test
    void trainingAndTestImagesOfDifferentSizesAreRefused() throws IOException {
        writeValid();
        Idx.write(dir.resolve(Mnist.TEST_IMAGES), new int[] {2, 3, 2}, new byte[12], false);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("holds 2x3 images but " + dir.resolve(Mnist.TEST_IMAGES) + " holds 3x2"),
                e.getMessage());
    }

    @Test
    void garbageAfterAGzipFileIsNamed() throws IOException {
        writeValid();
        Path f = dir.resolve(Mnist.TRAIN_IMAGES + ".gz");
        Files.write(f, "junk".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().startsWith(f + ": 4 bytes of garbage after the gzip data"), e.getMessage());
    }
}
