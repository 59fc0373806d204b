package dev.myelin.data;

import dev.myelin.backend.HeapMemory;
import dev.myelin.backend.InsufficientMemoryException;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MNIST (or any dataset in its format, such as Fashion-MNIST) as two {@link Dataset}s: images of
 * sample shape {@code (rows, cols, 1)} (NHWC, one channel) with pixels scaled to {@code [0, 1]}
 * (byte / 255), and labels of shape {@code ()} holding the class index, for sparse categorical
 * cross-entropy.
 */
public record Mnist(Dataset train, Dataset test) {
    /** MNIST's ten classes, the digits 0 to 9. */
    public static final int CLASSES = 10;

    /** The four files' names as LeCun's page gives them; each may also end in {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte",
            TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * Loads the four IDX files from {@code dir}. Each is found under its usual name, plain or with
     * {@code .gz}, or with the dot some unpackers put in place of the second hyphen
     * ({@code train-images.idx3-ubyte}).
     *
     * @throws DataFileException naming the file when one is missing, truncated or corrupt, when images and
     *     labels disagree in count, when a set holds no images, or when training and test images differ in size
     */
    public static Mnist load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir + ": no such folder (expected a folder holding the four MNIST IDX files "
                    + String.join(", ", TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS) + ", plain or .gz)");
        }
        Idx.Contents trainImages = Idx.read(find(dir, TRAIN_IMAGES)), trainLabels = Idx.read(find(dir, TRAIN_LABELS));
        Idx.Contents testImages = Idx.read(find(dir, TEST_IMAGES)), testLabels = Idx.read(find(dir, TEST_LABELS));
        Dataset train = dataset(trainImages, trainLabels);
        Dataset test = dataset(testImages, testLabels);
        if (!train.sampleShape().equals(test.sampleShape())) {
            throw new DataFileException("MNIST training and test images differ in size: " + trainImages.source() + " holds "
                    + trainImages.dim(1) + "x" + trainImages.dim(2) + " images but " + testImages.source() + " holds "
                    + testImages.dim(1) + "x" + testImages.dim(2) + " (a model trained on one cannot evaluate the other)");
        }
        return new Mnist(train, test);
    }

    /** The file for {@code name} in {@code dir}, or an error listing every name that was looked for. */
    static Path find(Path dir, String name) throws DataFileException {
        List<String> tried = new ArrayList<>();
        for (String base : List.of(name, dotted(name))) {
            for (String candidate : List.of(base, base + ".gz")) {
                if (tried.contains(candidate)) continue;
                tried.add(candidate);
                Path p = dir.resolve(candidate);
                if (Files.isRegularFile(p)) return p;
            }
        }
        throw new DataFileException("MNIST file missing in " + dir + ": looked for " + String.join(", ", tried));
    }

    private static String dotted(String name) {
        int second = name.indexOf('-', name.indexOf('-') + 1);
        return name.substring(0, second) + "." + name.substring(second + 1);
    }

    /**
     * Pairs an images file {@code (count, rows, cols)} with a labels file {@code (count)} of class
     * indices 0..9.
     *
     * @throws DataFileException naming the files when their ranks or counts disagree, they hold no images,
     *     or a label is out of range
     */
    public static Dataset dataset(Idx.Contents images, Idx.Contents labels) throws DataFileException {
        if (images.rank() != 3) {
            throw new DataFileException(images.source() + ": expected MNIST images of 3 dimensions (count, rows, cols), found "
                    + Arrays.toString(images.dims()) + (images.rank() == 1 ? " (is this a labels file?)" : ""));
        }
        if (labels.rank() != 1) {
            throw new DataFileException(labels.source() + ": expected MNIST labels of 1 dimension (count), found "
                    + Arrays.toString(labels.dims()) + (labels.rank() == 3 ? " (is this an images file?)" : ""));
        }
        int n = images.dim(0), rows = images.dim(1), cols = images.dim(2);
        if (n == 0) {
            throw new DataFileException(images.source() + ": holds 0 images (dimensions " + Arrays.toString(images.dims())
                    + "); expected at least 1");
        }
        if (rows == 0 || cols == 0) {
            throw new DataFileException(images.source() + ": holds images of " + rows + "x" + cols
                    + " pixels (dimensions " + Arrays.toString(images.dims()) + "); expected at least 1x1");
        }
        if (labels.dim(0) != n) {
            throw new DataFileException("MNIST images and labels do not match: " + images.source() + " holds " + n
                    + " images but " + labels.source() + " holds " + labels.dim(0) + " labels");
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = labels.unsigned(i);
            if (label >= CLASSES) {
                throw new DataFileException(labels.source() + ": label " + label + " at index " + i
                        + " is outside the " + CLASSES + " classes 0.." + (CLASSES - 1));
            }
            y[i] = label;
        }
        byte[] pixels = images.data();
        float[] x;
        try {
            HeapMemory.require(4L * pixels.length, "its pixels as floats");
            x = new float[pixels.length];
        } catch (OutOfMemoryError | InsufficientMemoryException e) {
            InsufficientMemoryException m = e instanceof InsufficientMemoryException i ? i
                    : InsufficientMemoryException.heap("its pixels as floats", 4L * pixels.length, e);
            throw (DataFileException) new DataFileException(images.source() + ": " + m.getMessage()).initCause(m);
        }
        for (int i = 0; i < x.length; i++) x[i] = (pixels[i] & 0xff) / 255f;
        return new Dataset(x, Shape.of(rows, cols, 1), y, Shape.SCALAR);
    }
}
