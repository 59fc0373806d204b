package dev.myelin.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of the CSV, image and disk-dataset readers: each input either reads, or fails with a
 * {@link DataFileException} naming the file; anything else is a finding. The corpus is committed in
 * {@code src/test/resources/dev/myelin/data/TableImageFuzzTestInputs}.
 */
class TableImageFuzzTest {
    /** A CSV file, read, then every column asked for as numbers, categories, one-hot and features. */
    @FuzzTest
    void csv(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-csv");
        Path f = dir.resolve("fuzz.csv");
        try {
            Files.write(f, file);
            CsvTable t;
            try {
                t = CsvTable.read(f);
            } catch (DataFileException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                return;
            }
            for (String column : t.columns()) {
                t.missing(column);
                t.isNumeric(column);
                try {
                    assertEquals(t.rows(), t.numeric(column).length);
                } catch (DataFileException e) {
                    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                }
                try {
                    t.categories(column);
                    assertEquals(t.rows(), t.oneHot(column).length);
                    assertEquals(t.rows(), t.features(column).length);
                } catch (DataFileException e) {
                    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                }
            }
        } finally {
            DataFuzzTest.delete(dir);
        }
    }

    /** CSV text parsed from a string (no decoding step). */
    @FuzzTest
    void csvText(byte[] text) {
        try {
            CsvTable t = CsvTable.parse(new String(text, StandardCharsets.UTF_8), "text");
            if (!t.columns().isEmpty()) t.features(t.columns().getFirst());
        } catch (DataFileException e) {
            assertTrue(e.getMessage().startsWith("text"), e.getMessage());
        }
    }

    /** An image file of any format ImageIO knows, decoded and resized to 8 x 8 x 3. */
    @FuzzTest
    void image(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-image");
        Path f = dir.resolve("fuzz.img");
        try {
            Files.write(f, file);
            ImageDecoder.decode(f, 8, 8, 3, new float[8 * 8 * 3], 0);
        } catch (DataFileException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        } finally {
            DataFuzzTest.delete(dir);
        }
    }

    /** A disk dataset file, opened and read through one epoch of batches of 3. */
    @FuzzTest
    void diskDataset(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-ds");
        Path f = dir.resolve("fuzz.myds");
        try {
            Files.write(f, file);
            DiskDataset d = DiskDataset.open(f).prefetch(1);
            try (BatchStream s = d.epoch(3, true, 7)) {
                int seen = 0;
                while (s.hasNext()) seen += s.next().size();
                assertEquals(d.size(), seen);
            }
        } catch (DataFileException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        } catch (UncheckedIOException e) {
            assertTrue(e.getCause() instanceof DataFileException && e.getCause().getMessage().startsWith(f.toString()), e.toString());
        } finally {
            DataFuzzTest.delete(dir);
        }
    }
}
