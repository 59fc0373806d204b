package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@link DiskDataset} file sample by sample, so a data set never has to fit in memory:
 * {@code try (var w = new DiskDatasetWriter(path, Shape.of(28, 28, 1), Shape.SCALAR)) { w.add(x, y); }}.
 * The file appears only when the writer is closed (written beside it, synced, renamed over it).
 */
public final class DiskDatasetWriter implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final FileChannel ch;
    private final Shape sampleShape;
    private final Shape labelShape;
    private final long countPosition;
    private final ByteBuffer record;
    private long count;
    private boolean closed;

    /** Starts a dataset file of samples of {@code sampleShape} with labels of {@code labelShape}. */
    public DiskDatasetWriter(Path file, Shape sampleShape, Shape labelShape) throws IOException {
        if (sampleShape.rank() > DiskDataset.MAX_RANK || labelShape.rank() > DiskDataset.MAX_RANK) {
            throw new IllegalArgumentException("shapes of rank above " + DiskDataset.MAX_RANK + " are not stored");
        }
        this.target = file.toAbsolutePath();
        this.sampleShape = sampleShape;
        this.labelShape = labelShape;
        this.tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        this.ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
        ByteBuffer head = ByteBuffer.allocate(16 + 4 * (sampleShape.rank() + labelShape.rank()) + 8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(DiskDataset.MAGIC).putInt(DiskDataset.VERSION);
        for (Shape s : new Shape[] {sampleShape, labelShape}) {
            head.putInt(s.rank());
            for (int d : s.toArray()) head.putInt(d);
        }
        countPosition = head.position();
        head.putLong(0);
        head.flip();
        while (head.hasRemaining()) ch.write(head);
        record = ByteBuffer.allocate(4 * (sampleShape.sizeAsInt() + labelShape.sizeAsInt())).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends one sample ({@code sampleShape.size()} values) and its label. */
    public void add(float[] sample, float[] label) throws IOException {
        if (closed) throw new IllegalStateException("the writer of " + target + " is closed");
        if (sample.length != sampleShape.size() || label.length != labelShape.size()) {
            throw new IllegalArgumentException("sample " + count + ": expected " + sampleShape.size() + " values and a label of "
                    + labelShape.size() + ", got " + sample.length + " and " + label.length);
        }
        record.clear();
        record.asFloatBuffer().put(sample).put(label);
        record.position(record.capacity());
        record.flip();
        while (record.hasRemaining()) ch.write(record);
        count++;
    }

    /** Appends every sample of an in-memory dataset. */
    public void addAll(Dataset data) throws IOException {
        int s = data.sampleShape().sizeAsInt(), l = data.labelShape().sizeAsInt();
        for (int i = 0; i < data.size(); i++) {
            add(java.util.Arrays.copyOfRange(data.x(), i * s, (i + 1) * s), java.util.Arrays.copyOfRange(data.y(), i * l, (i + 1) * l));
        }
    }

    /** Writes the sample count, syncs and renames the file into place. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (ch) {
            ByteBuffer c = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, count);
            ch.write(c, countPosition);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
