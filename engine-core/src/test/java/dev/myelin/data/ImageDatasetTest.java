package dev.myelin.data;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

class ImageDatasetTest {
    @TempDir
    Path dir;

    /** A gray image whose every pixel is {@code level}. */
    private static void gray(Path file, int size, int level) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.getRaster().setSample(x, y, 0, level);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpeg", file.toFile()));
    }

    private static List<Batches.Batch> drain(BatchStream s) {
        List<Batches.Batch> out = new ArrayList<>();
        try (s) {
            while (s.hasNext()) out.add(s.next());
        }
        return out;
    }

    /** cats/ holds 3 images of level 10+i, dogs/ 4 of level 100+i (PNG, one JPEG), in a nested folder too. */
    private Path pets() throws IOException {
        Path root = dir.resolve("pets");
        for (int i = 0; i < 3; i++) gray(root.resolve("cats/c" + i + ".png"), 8, 10 + i);
        for (int i = 0; i < 3; i++) gray(root.resolve("dogs/more/d" + i + ".png"), 8, 100 + i);
        gray(root.resolve("dogs/d9.jpg"), 8, 200);
        Files.writeString(root.resolve("dogs/notes.txt"), "not an image");
        return root;
    }

    @Test
    void readsOneSubfolderPerClassInBatches() throws IOException {
        ImageDataset ds = ImageDataset.fromDirectory(pets(),
                new ImageDatasetOptions().imageSize(4, 4).colorMode("grayscale").batchSize(3).shuffle(false));
        assertEquals(List.of("cats", "dogs"), ds.classNames());
        assertEquals(7, ds.size());
        assertEquals(Shape.of(4, 4, 1), ds.sampleShape());
        assertEquals(3, ds.preferredBatchSize());
        List<Batches.Batch> batches = drain(ds.epoch(3, false, 0));
        assertEquals(List.of(3, 3, 1), batches.stream().map(Batches.Batch::size).toList());
        float[] levels = new float[7], labels = new float[7];
        int k = 0;
        for (Batches.Batch b : batches) {
            for (int i = 0; i < b.size(); i++, k++) {
                levels[k] = b.x()[i * 16 + 5];
                labels[k] = b.y()[i];
            }
        }
        // unshuffled: cats then dogs, each sorted by path (dogs/d9.jpg before dogs/more/...)
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 1}, labels);
        assertArrayEquals(new float[] {10, 11, 12}, java.util.Arrays.copyOf(levels, 3), "gray PNG levels read as stored");
        assertEquals(200, levels[3], 3, "a JPEG of a flat gray decodes within a few levels");
        assertArrayEquals(new float[] {100, 101, 102}, java.util.Arrays.copyOfRange(levels, 4, 7));

        ImageDataset rgb = ImageDataset.fromDirectory(dir.resolve("pets"),
                new ImageDatasetOptions().imageSize(2, 3).labelMode("categorical").shuffle(false));
        Batches.Batch b = drain(rgb.epoch(32, false, 0)).get(0);
        assertEquals(Shape.of(7, 2, 3, 3), b.xShape());
        assertEquals(Shape.of(7, 2), b.yShape());
        assertArrayEquals(new float[] {10, 10, 10}, java.util.Arrays.copyOf(b.x(), 3), "gray is repeated into R, G and B");
        assertArrayEquals(new float[] {1, 0, 0, 1}, new float[] {b.y()[0], b.y()[1], b.y()[12], b.y()[13]});
    }

    @Test
    void validationSubsetsAreDisjointAndCoverEverything() throws IOException {
        Path root = pets();
        var opts = new ImageDatasetOptions().imageSize(2, 2).validationSplit(0.3).seed(7);
        ImageDataset train = ImageDataset.fromDirectory(root, opts.subset("training"));
        ImageDataset val = ImageDataset.fromDirectory(root, opts.subset("validation"));
        assertEquals(2, val.size(), "int(0.3 * 7) = 2, as Keras truncates");
        assertEquals(5, train.size());
        Set<Path> all = new HashSet<>(train.files());
        for (Path p : val.files()) assertTrue(all.add(p), "in both subsets: " + p);
        assertEquals(7, all.size());
        assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.fromDirectory(root, new ImageDatasetOptions().validationSplit(0.2).subset("training")),
                "a shuffled split without a seed could overlap");
        assertThrows(IllegalArgumentException.class, () -> ImageDataset.fromDirectory(root, new ImageDatasetOptions().labelMode("binary")
                .classNames("cats", "dogs", "cats")));
    }

    @Test
    void bilinearResizeMatchesTensorFlowsHalfPixelFormula() {
        // A 1 x 2 row [0, 100] stretched to 1 x 4: samples at x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25,
        // clamped to [0, 1]: 0, 25, 75, 100 (tf.image.resize(..., "bilinear") gives the same).
        float[] out = new float[4];
        ImageDecoder.resizeBilinear(new float[] {0, 100}, 1, 2, 1, out, 0, 1, 4);
        assertArrayEquals(new float[] {0, 25, 75, 100}, out, 1e-4f);
        // 4 -> 2 averages neighbours: samples at 0.5 and 2.5
        float[] down = new float[2];
        ImageDecoder.resizeBilinear(new float[] {0, 10, 20, 30}, 1, 4, 1, down, 0, 1, 2);
        assertArrayEquals(new float[] {5, 25}, down, 1e-4f);
    }

    @Test
    void corruptImagesAreNamedOrSkipped() throws IOException {
        Path root = pets();
        Path bad = root.resolve("cats/broken.png");
        byte[] png = Files.readAllBytes(root.resolve("cats/c0.png"));
        Files.write(bad, java.util.Arrays.copyOf(png, png.length / 2));
        Files.write(root.resolve("dogs/garbage.jpg"), "this is no jpeg".getBytes());
        var opts = new ImageDatasetOptions().imageSize(4, 4).shuffle(false).batchSize(4);
        ImageDataset strict = ImageDataset.fromDirectory(root, opts);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> drain(strict.epoch(4, false, 0)));
        assertInstanceOf(DataFileException.class, e.getCause());
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImageDataset lenient = ImageDataset.fromDirectory(root, opts.skipCorrupt(true)).warnings(new PrintStream(log, true));
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Batches.Batch> batches = drain(lenient.epoch(4, false, 0));
            assertEquals(7, batches.stream().mapToInt(Batches.Batch::size).sum(), "the 7 good images, the 2 bad left out");
            assertEquals(List.of(4, 3), batches.stream().map(Batches.Batch::size).toList());
        }
        assertEquals(Set.of(bad, root.resolve("dogs/garbage.jpg")), lenient.skipped());
        assertEquals(2, log.toString().lines().count(), "each bad file reported once: " + log);
    }

    @Test
    void aTinyFileClaimingAHugeImageIsRefusedBeforeDecoding() throws IOException {
        // PNG signature + an IHDR chunk claiming 60000 x 60000 (3.6 G pixels), nothing else: 33 bytes.
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(60000).putInt(60000)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer file = ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        Path f = dir.resolve("bomb/a/huge.png");
        Files.createDirectories(f.getParent());
        Files.write(f, file.array());
        ImageDataset ds = ImageDataset.fromDirectory(dir.resolve("bomb"), new ImageDatasetOptions().imageSize(2, 2));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> drain(ds.epoch(1, false, 0)));
        assertTrue(e.getMessage().contains(f + ": claims a 60000 x 60000 image"), e.getMessage());
    }
}
