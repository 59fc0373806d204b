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

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }
}
