package dev.myelin.data;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DiskDatasetTest {
    @TempDir
    Path dir;

    private static Dataset numbered(int n) {
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = -i;
            x[3 * i + 2] = i * 0.5f;
            y[i] = i % 4;
        }
        return new Dataset(x, Shape.of(3), y, Shape.SCALAR);
    }

    private static List<Batches.Batch> drain(BatchStream s) {
        List<Batches.Batch> out = new ArrayList<>();
        try (s) {
            while (s.hasNext()) {
                Batches.Batch b = s.next(); // an in-memory epoch reuses its arrays: keep copies
                out.add(Batches.single(b.index(), b.size(), b.x().clone(), b.xShape(), b.y().clone(), b.yShape()));
            }
        }
        return out;
    }

    @Test
    void streamsTheSameBatchesAsTheInMemoryDataset() throws IOException {
        Dataset mem = numbered(23);
        Path f = dir.resolve("d.myds");
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, Shape.of(3), Shape.SCALAR)) {
            w.addAll(mem);
        }
        DiskDataset disk = DiskDataset.open(f);
        assertEquals(23, disk.size());
        assertEquals(Shape.of(3), disk.sampleShape());
        assertEquals(Shape.SCALAR, disk.labelShape());
        for (boolean shuffle : new boolean[] {false, true}) {
            List<Batches.Batch> a = drain(mem.epoch(5, shuffle, 99)), b = drain(disk.epoch(5, shuffle, 99));
            assertEquals(5, a.size());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).size(), b.get(i).size());
                assertEquals(a.get(i).xShape(), b.get(i).xShape());
                assertArrayEquals(a.get(i).x(), b.get(i).x(), "batch " + i + ", shuffle " + shuffle);
                assertArrayEquals(a.get(i).y(), b.get(i).y());
            }
        }
    }

    @Test
    void aBatchLargerThanTheDataIsClampedToIt() throws IOException {
        Dataset mem = numbered(10);
        Path f = dir.resolve("d.myds");
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, Shape.of(3), Shape.SCALAR)) {
            w.addAll(mem);
        }
        DiskDataset disk = DiskDataset.open(f);
        // (size + batch - 1) overflowed at Integer.MAX_VALUE, and 1,000,000 made a 16 MB buffer for 10 samples of 16 bytes
        for (int batch : new int[] {10, 11, 1_000_000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
            List<Batches.Batch> b = drain(disk.epoch(batch, true, 5));
            assertEquals(1, b.size(), "batch size " + batch);
            assertEquals(10, b.getFirst().size());
            assertEquals(Shape.of(10, 3), b.getFirst().xShape());
            float sum = 0;
            for (float v : b.getFirst().y()) sum += v;
            assertEquals(0 + 1 + 2 + 3 + 0 + 1 + 2 + 3 + 0 + 1, sum, "every sample once: labels i % 4");
        }
        assertThrows(IllegalArgumentException.class, () -> disk.epoch(0, false, 0));
    }

    @Test
    void badFilesAreNamedInTheError() throws IOException {
        Path f = dir.resolve("d.myds");
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, Shape.of(3), Shape.SCALAR)) {
            w.addAll(numbered(4));
        }
        byte[] good = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.myds");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 3));
        assertTrue(assertThrows(DataFileException.class, () -> DiskDataset.open(cut)).getMessage()
                .startsWith(cut + ": the header promises 4 samples of 16 bytes"));
        Path junk = dir.resolve("junk.myds");
        Files.write(junk, new byte[] {1, 2, 3});
        assertTrue(assertThrows(DataFileException.class, () -> DiskDataset.open(junk)).getMessage().startsWith(junk + ": not a Myelin dataset"));
        // A header claiming 2^31 - 1 samples is refused by the file's length, before anything is allocated.
        Path huge = dir.resolve("huge.myds");
        byte[] h = good.clone();
        ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length - 4 * 16 - 8, Integer.MAX_VALUE);
        Files.write(huge, h);
        assertTrue(assertThrows(DataFileException.class, () -> DiskDataset.open(huge)).getMessage().contains("promises 2147483647 samples"));
        Path rank = dir.resolve("rank.myds");
        byte[] r = good.clone();
        ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
        Files.write(rank, r);
        assertTrue(assertThrows(DataFileException.class, () -> DiskDataset.open(rank)).getMessage().contains("sample rank 99"));
    }

    @Test
    void aFileCutWhileStreamingFailsTheEpochNamingIt() throws IOException {
        Path f = dir.resolve("d.myds");
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, Shape.of(3), Shape.SCALAR)) {
            w.addAll(numbered(40));
        }
        DiskDataset disk = DiskDataset.open(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 16 * 20);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> drain(disk.prefetch(1).epoch(4, false, 0)));
        assertInstanceOf(DataFileException.class, e.getCause());
        assertTrue(e.getMessage().startsWith(f + ": ended early"), e.getMessage());
    }

    /** 64 MiB of samples stream through a JVM whose whole heap is 24 MiB. */
    @Test
    void streamsAFileLargerThanTheHeap() throws Exception {
        Path f = dir.resolve("big.myds");
        int n = 4096, width = 4096; // 4096 samples of 16 KiB
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, Shape.of(width), Shape.SCALAR)) {
            float[] sample = new float[width];
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(sample, i);
                w.add(sample, new float[] {i});
            }
        }
        assertTrue(Files.size(f) > 64L << 20);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // java.class.path, plus where this test and DiskDataset were loaded from (JUnit's console launcher, as in the
        // distribution, loads them from jars that are not on java.class.path)
        String classPath = String.join(System.getProperty("path.separator"), System.getProperty("java.class.path"),
                codeSource(DiskDatasetTest.class), codeSource(DiskDataset.class));
        Process p = new ProcessBuilder(java.toString(), "-Xmx24m", "-cp", classPath,
                StreamWholeFile.class.getName(), f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertEquals("ok " + n, out.strip());
    }

    private static String codeSource(Class<?> c) throws IOException {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** The child JVM of {@link #streamsAFileLargerThanTheHeap}: checks every sample of one shuffled epoch. */
    public static final class StreamWholeFile {
        public static void main(String[] args) throws IOException {
            DiskDataset d = DiskDataset.open(Path.of(args[0]));
            boolean[] seen = new boolean[d.size()];
            int w = d.sampleShape().sizeAsInt();
            try (BatchStream s = d.epoch(64, true, 5)) {
                while (s.hasNext()) {
                    Batches.Batch b = s.next();
                    for (int i = 0; i < b.size(); i++) {
                        int label = (int) b.y()[i];
                        if (seen[label]) throw new AssertionError("sample " + label + " twice");
                        seen[label] = true;
                        for (int j = 0; j < w; j++) if (b.x()[i * w + j] != label) throw new AssertionError("sample " + label + " value " + j);
                    }
                }
            }
            for (int i = 0; i < seen.length; i++) if (!seen[i]) throw new AssertionError("sample " + i + " never came");
            System.out.println("ok " + seen.length);
        }
    }
}
