package dev.myelin.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of the data readers: whatever the bytes, a read either succeeds with contents that agree
 * with the header, or fails with a {@link DataFileException} whose message starts with the file's
 * name. Any other exception (or an {@code OutOfMemoryError}) is a finding. {@code ./myelin test}
 * replays the committed corpus in {@code src/test/resources/dev/myelin/data/DataFuzzTestInputs};
 * {@code ./myelin fuzz} fuzzes for real.
 */
class DataFuzzTest {
    @FuzzTest
    void idx(byte[] file) throws IOException {
        try {
            Idx.Contents c = Idx.read(new ByteArrayInputStream(file), "fuzz.idx");
            long size = 1;
            for (int d : c.dims()) size *= d;
            assertEquals(size, c.data().length, "values read against the header's dimensions");
        } catch (DataFileException e) {
            assertTrue(e.getMessage().startsWith("fuzz.idx: "), e.getMessage());
        }
    }

    @FuzzTest
    void idxFile(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-idx");
        Path f = dir.resolve("fuzz-idx1-ubyte");
        try {
            Files.write(f, file);
            Idx.read(f);
        } catch (DataFileException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        } finally {
            delete(dir);
        }
    }

    /**
     * The four MNIST files from one input: a flags byte (bit i: file i is named {@code .gz}), then the
     * training images, training labels and test images, each a 3-byte big-endian length and its bytes,
     * then the test labels (the rest). The seeds are a valid set, plain and gzip.
     */
    @FuzzTest
    void mnist(byte[] input) throws IOException {
        if (input.length < 1) return;
        Path dir = Files.createTempDirectory("myelin-fuzz-mnist");
        try {
            String[] names = {Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES, Mnist.TEST_LABELS};
            int at = 1;
            for (int i = 0; i < names.length; i++) {
                int n = input.length - at;
                if (i < 3) {
                    n = at + 3 <= input.length ? Math.min((input[at] & 0xff) << 16 | (input[at + 1] & 0xff) << 8
                            | (input[at + 2] & 0xff), input.length - at - 3) : 0;
                    at = Math.min(at + 3, input.length);
                }
                boolean gz = (input[0] & (1 << i)) != 0;
                Files.write(dir.resolve(names[i] + (gz ? ".gz" : "")), java.util.Arrays.copyOfRange(input, at, at + n));
                at += n;
            }
            try {
                Mnist m = Mnist.load(dir);
                assertTrue(m.train().size() > 0 && m.test().size() > 0);
                assertEquals(m.train().sampleShape(), m.test().sampleShape());
            } catch (DataFileException e) {
                assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            }
        } finally {
            delete(dir);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
