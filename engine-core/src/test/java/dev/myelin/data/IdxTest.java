package dev.myelin.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {
    @TempDir
    Path dir;

    /** A 2x3 unsigned-byte IDX file written byte by byte from the format's definition, not by Idx.write. */
    private static final byte[] SMALL = {
            0, 0, 0x08, 2,          // magic: unsigned bytes, rank 2
            0, 0, 0, 2,             // dims[0] = 2
            0, 0, 0, 3,             // dims[1] = 3
            1, 2, 3, (byte) 200, (byte) 255, 0};

    @Test
    void readsAPlainFileWrittenByHand() throws IOException {
        Path f = dir.resolve("small-idx2-ubyte");
        Files.write(f, SMALL);
        Idx.Contents c = Idx.read(f);
        assertArrayEquals(new int[] {2, 3}, c.dims());
        assertEquals(6, c.data().length);
        assertEquals(200, c.unsigned(3), "bytes are unsigned");
        assertEquals(255, c.unsigned(4));
        assertEquals(f.toString(), c.source());
    }

    @Test
    void gzipIsDecidedByContentNotName() throws IOException {
        Path f = dir.resolve("no-gz-suffix");
        Files.write(f, gzip(SMALL));
        assertArrayEquals(Arrays.copyOfRange(SMALL, 12, 18), Idx.read(f).data());
        Path plain = dir.resolve("plain.gz");
        Files.write(plain, SMALL);
        assertArrayEquals(new int[] {2, 3}, Idx.read(plain).dims(), "a plain file named .gz still reads");
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        byte[] data = new byte[4 * 5 * 7];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("round-" + gz);
            Idx.write(f, new int[] {4, 5, 7}, data, gz);
            Idx.Contents c = Idx.read(f);
            assertArrayEquals(new int[] {4, 5, 7}, c.dims());
            assertArrayEquals(data, c.data());
        }
    }

    @Test
    void missingFileNamesIt() {
        Path f = dir.resolve("absent-idx3-ubyte");
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void truncatedDataSaysExpectedAndFound() throws IOException {
        Path f = dir.resolve("cut");
        Files.write(f, Arrays.copyOf(SMALL, SMALL.length - 2));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("need 6 bytes of data, found 4"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndDimensions() throws IOException {
        Path header = dir.resolve("header");
        Files.write(header, new byte[] {0, 0});
        assertTrue(assertThrows(DataFileException.class, () -> Idx.read(header)).getMessage()
                .contains("expected a 4-byte IDX header, found 2 bytes"));
        Path dims = dir.resolve("dims");
        Files.write(dims, Arrays.copyOf(SMALL, 10));
        assertTrue(assertThrows(DataFileException.class, () -> Idx.read(dims)).getMessage()
                .contains("expected 2 dimensions (8 bytes) after the magic number, found 6 bytes"));
    }

    @Test
    void truncatedGzipNamesTheFile() throws IOException {
        Path whole = dir.resolve("whole.gz");
        Idx.write(whole, new int[] {100, 100}, new byte[10_000], true);
        byte[] gz = Files.readAllBytes(whole);
        Path f = dir.resolve("cut.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badMagicIsReportedInHex() throws IOException {
        Path f = dir.resolve("text");
        Files.writeString(f, "hello, not an IDX file");
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("bad magic number 68 65 6c 6c"), e.getMessage());
    }

    @Test
    void unsupportedTypeAndRank() throws IOException {
        byte[] floats = SMALL.clone();
        floats[2] = 0x0D;
        assertTrue(assertThrows(DataFileException.class, () -> Idx.read(new ByteArrayInputStream(floats), "floats"))
                .getMessage().contains("IDX type 0xd is not supported"));
        byte[] rank0 = SMALL.clone();
        rank0[3] = 0;
        assertTrue(assertThrows(DataFileException.class, () -> Idx.read(new ByteArrayInputStream(rank0), "r0"))
                .getMessage().contains("rank 0"));
    }

    @Test
    void trailingBytesAreCorrupt() throws IOException {
        byte[] longer = Arrays.copyOf(SMALL, SMALL.length + 3);
        DataFileException e = assertThrows(DataFileException.class,
                () -> Idx.read(new ByteArrayInputStream(longer), "long"));
        assertTrue(e.getMessage().contains("need 6 bytes of data, found 9"), e.getMessage());
    }

    @Test
    void aHeaderDeclaringHugeDataIsRefusedBeforeAllocating() throws IOException {
        // 2^31 - 9 values declared by an 8-byte file: refused from the file's length, in well under a second.
        byte[] huge = {0, 0, 0x08, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf7};
        Path f = dir.resolve("huge");
        Files.write(f, huge);
        long t0 = System.nanoTime();
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("need 2147483639 bytes of data, found 0"), e.getMessage());
        // The same through gzip: the bound is what 1032-fold deflate expansion of the file allows.
        Path g = dir.resolve("huge.gz");
        Files.write(g, gzip(huge));
        e = assertThrows(DataFileException.class, () -> Idx.read(g));
        assertTrue(e.getMessage().contains("decompresses to at most"), e.getMessage());
        // And through a stream of unknown length: the buffer grows only as data arrives.
        e = assertThrows(DataFileException.class, () -> Idx.read(new ByteArrayInputStream(gzip(huge)), "stream"));
        assertTrue(e.getMessage().contains("need 2147483639 bytes of data, found 0"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        byte[] header = {0, 0, 0x08, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}; // 65536^3 values
        DataFileException e = assertThrows(DataFileException.class,
                () -> Idx.read(new ByteArrayInputStream(header), "cube"));
        assertTrue(e.getMessage().contains("more than 2147483639"), e.getMessage());
    }

    @Test
    void garbageAfterTheGzipDataIsCorrupt() throws IOException {
        byte[] gz = gzip(SMALL);
        byte[] tail = Arrays.copyOf(gz, gz.length + 5);
        tail[gz.length] = 'x';
        DataFileException e = assertThrows(DataFileException.class,
                () -> Idx.read(new ByteArrayInputStream(tail), "tail.gz"));
        assertTrue(e.getMessage().contains("5 bytes of garbage after the gzip data, from byte " + gz.length),
                e.getMessage());
    }

    @Test
    void concatenatedGzipMembersReadAsOneStream() throws IOException {
        // gzip(1) decompresses `cat a.gz b.gz` to the concatenation; so does Idx.
        byte[] a = gzip(Arrays.copyOf(SMALL, 14)), b = gzip(Arrays.copyOfRange(SMALL, 14, SMALL.length));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertArrayEquals(Arrays.copyOfRange(SMALL, 12, 18), Idx.read(new ByteArrayInputStream(both), "two").data());
    }

    @Test
    void aFlippedBitInTheGzipDataIsCaught() throws IOException {
        byte[] gz = gzip(SMALL);
        int caught = 0;
        for (int bit = 8 * 10; bit < 8 * gz.length; bit++) { // past the 10-byte header: data and trailer
            byte[] bad = gz.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                Idx.Contents c = Idx.read(new ByteArrayInputStream(bad), "flipped.gz");
                fail("bit " + bit + " flipped still read as " + c);
            } catch (DataFileException e) {
                assertTrue(e.getMessage().startsWith("flipped.gz: "), e.getMessage());
                caught++;
            }
        }
        assertEquals(8 * (gz.length - 10), caught);
    }

    @Test
    void aStreamThatIsNotGzipAfterItsMagicIsNamed() throws IOException {
        byte[] fake = {0x1f, (byte) 0x8b, 7, 0, 0, 0};
        DataFileException e = assertThrows(DataFileException.class,
                () -> Idx.read(new ByteArrayInputStream(fake), "fake.gz"));
        assertTrue(e.getMessage().contains("fake.gz: gzip compression method 7"), e.getMessage());
        byte[] cut = Arrays.copyOf(gzip(SMALL), 7);
        e = assertThrows(DataFileException.class, () -> Idx.read(new ByteArrayInputStream(cut), "cut.gz"));
        assertTrue(e.getMessage().contains("cut.gz: truncated gzip header: the file ends at byte 7"), e.getMessage());
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }
}
