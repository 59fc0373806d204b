package dev.myelin.data;

import dev.myelin.backend.HeapMemory;
import dev.myelin.backend.InsufficientMemoryException;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Samples and labels in a file, read a batch at a time while training, so a data set larger than
 * the Java heap trains in a few megabytes of it. A background thread reads the next batches while
 * the current one trains ({@link #prefetch(int)}, 2 by default). Shuffling reads the records in a
 * seeded random order, the same order an in-memory {@link Dataset} of the same samples uses.
 *
 * <p>The file, written by {@link DiskDatasetWriter}: the magic {@code MYDS}, a version, the sample
 * and label shapes (rank, then dimensions), the sample count, then each sample's float32 values
 * followed by its label's, all little-endian.
 */
public final class DiskDataset implements DataSource {
    static final int MAGIC = 0x5344594d; // "MYDS" read little-endian
    static final int VERSION = 1;
    static final int MAX_RANK = 8;

    private final Path file;
    private final Shape sampleShape;
    private final Shape labelShape;
    private final int size;
    private final long dataStart;
    private int prefetch = 2;

    private DiskDataset(Path file, Shape sampleShape, Shape labelShape, int size, long dataStart) {
        this.file = file;
        this.sampleShape = sampleShape;
        this.labelShape = labelShape;
        this.size = size;
        this.dataStart = dataStart;
    }

    /** Opens a file written by {@link DiskDatasetWriter}, checking its header against its length. */
    public static DiskDataset open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            // The header is at most 4 + 4 + 2 * (4 + 4 * MAX_RANK) + 8 bytes; nothing larger is read before it is checked.
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(length, 16 + 2 * (4 + 4 * MAX_RANK) + 8)).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && ch.read(head) >= 0) { /* fill */ }
            head.flip();
            if (head.remaining() < 8 || head.getInt() != MAGIC) {
                throw new DataFileException(file + ": not a Myelin dataset file (it does not start with MYDS)");
            }
            int version = head.getInt();
            if (version != VERSION) throw new DataFileException(file + ": dataset file version " + version + "; this Myelin reads version " + VERSION);
            Shape sample = readShape(head, file, "sample");
            Shape label = readShape(head, file, "label");
            if (head.remaining() < 8) throw new DataFileException(file + ": truncated header (no sample count)");
            long count = head.getLong();
            long start = head.position();
            long record = 4L * (sample.size() + label.size());
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new DataFileException(file + ": corrupt header: " + count + " samples");
            }
            if (length - start != count * record) {
                throw new DataFileException(file + ": the header promises " + count + " samples of " + record + " bytes ("
                        + count * record + " bytes of data) but the file holds " + (length - start) + " bytes after it"
                        + (length - start < count * record ? "; it is truncated" : ""));
            }
            if (count == 0) throw new DataFileException(file + ": the dataset holds no samples");
            return new DiskDataset(file, sample, label, (int) count, start);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        }
    }

    private static Shape readShape(ByteBuffer head, Path file, String what) throws DataFileException {
        if (head.remaining() < 4) throw new DataFileException(file + ": truncated header (no " + what + " rank)");
        int rank = head.getInt();
        if (rank < 0 || rank > MAX_RANK) throw new DataFileException(file + ": corrupt header: " + what + " rank " + rank);
        if (head.remaining() < 4 * rank) throw new DataFileException(file + ": truncated header (" + what + " dimensions)");
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = head.getInt();
            size *= Math.max(dims[i], 1);
            if (dims[i] < 1 || size > (1 << 28)) {
                throw new DataFileException(file + ": corrupt header: " + what + " dimension " + i + " is " + dims[i]
                        + (dims[i] >= 1 ? " (a " + what + " of more than 2^28 values)" : ""));
            }
        }
        return Shape.of(dims);
    }

    /** How many batches the background thread reads ahead (default 2). */
    public DiskDataset prefetch(int batches) {
        if (batches < 1) throw new IllegalArgumentException("prefetch must be at least 1 batch, got " + batches);
        this.prefetch = batches;
        return this;
    }

    /** The file the samples are read from. */
    public Path file() { return file; }

    @Override
    public Shape sampleShape() { return sampleShape; }

    @Override
    public Shape labelShape() { return labelShape; }

    @Override
    public int size() { return size; }

    @Override
    public BatchStream epoch(int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        int batch = Math.min(batchSize, size); // Keras: one batch of the whole set, no larger buffer
        int s = sampleShape.sizeAsInt(), l = labelShape.sizeAsInt();
        long recordBytes = 4L * (s + l), bufferBytes = recordBytes * batch; // each below 2^31 * 2^31: no overflow in a long
        if (bufferBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": a batch of " + batch + " samples of " + recordBytes + " bytes takes "
                    + bufferBytes + " bytes, more than one read buffer can hold (2 GB); use a batch size of at most "
                    + Math.max(1, (Integer.MAX_VALUE - 8) / recordBytes));
        }
        String what = "a batch of " + batch + " samples read from " + file.getFileName();
        HeapMemory.require(bufferBytes, what); // its x and y arrays
        int[] order = Batches.order(size, shuffle, seed);
        int count = (size - 1) / batch + 1;
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(new DataFileException(file + ": cannot be read: " + e.getMessage()));
        }
        ByteBuffer buf;
        try {
            buf = ByteBuffer.allocateDirect((int) bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (OutOfMemoryError e) { // direct memory is bounded by -XX:MaxDirectMemorySize, by default the heap's maximum
            try { ch.close(); } catch (IOException ignored) { /* read-only */ }
            throw InsufficientMemoryException.heap(what, bufferBytes, e);
        }
        PrefetchingStream stream = new PrefetchingStream(count, prefetch, "myelin-read " + file.getFileName(), index -> {
            int from = index * batch, n = Math.min(batch, size - from);
            buf.clear();
            // Runs of consecutive records (all of them when not shuffling) are read in one call.
            int i = 0;
            while (i < n) {
                int run = 1;
                while (i + run < n && order[from + i + run] == order[from + i] + run) run++;
                buf.limit((int) ((i + run) * recordBytes));
                long pos = dataStart + order[from + i] * recordBytes;
                while (buf.hasRemaining()) {
                    int got = ch.read(buf, pos);
                    if (got < 0) throw new DataFileException(file + ": ended early while reading sample " + order[from + i]
                            + " (was it truncated while training?)");
                    pos += got;
                }
                i += run;
            }
            buf.flip();
            float[] x = new float[n * s], y = new float[n * l];
            var floats = buf.asFloatBuffer();
            for (int k = 0; k < n; k++) {
                floats.get(x, k * s, s);
                floats.get(y, k * l, l);
            }
            if (index == count - 1) ch.close();
            return Batches.single(index, n, x, sampleShape.prepend(n), y, labelShape.prepend(n));
        });
        return new BatchStream() {
            @Override public int count() { return stream.count(); }
            @Override public boolean hasNext() { return stream.hasNext(); }
            @Override public Batches.Batch next() { return stream.next(); }
            @Override public void close() {
                stream.close();
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only: nothing is lost
                }
            }
        };
    }
}
