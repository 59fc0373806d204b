package dev.myelin.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The temporary file a save writes beside its target ({@code .NAME.RANDOM.tmp}) and renames over it.
 * It is locked while written, so that a later save or load can tell the leftovers of a killed
 * process (unlocked) from another process's save in progress (locked), and remove only the former.
 */
final class SaveTempFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean moved;

    private SaveTempFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates and locks a new temporary file beside {@code target}. */
    static SaveTempFile create(Path target) throws IOException {
        Path path = Files.createTempFile(target.getParent(), prefix(target), ".tmp");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
            return new SaveTempFile(path, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** The file's path. */
    Path path() {
        return path;
    }

    /** A stream over the file; closing it does not close the file (see {@link #close}). */
    OutputStream output() {
        return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Forces the written bytes to disk, then renames the file over {@code target}, readable by all like any saved file. */
    void commit(Path target) throws IOException {
        channel.force(true);
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems keep their default permissions.
        }
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
        moved = true;
    }

    /** Unlocks the file and, unless committed, deletes it: every failure a save can see ends here. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
            if (!moved) Files.deleteIfExists(path);
        }
    }

    /**
     * Deletes the temporary files of {@code target} that no live save holds: what a save killed
     * before it could clean up left behind. Failures are ignored; they cost only disk space.
     */
    static int removeStale(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null) return 0;
        String glob = prefix(target.getFileName()).replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
                .replace("[", "\\[").replace("{", "\\{") + "*.tmp";
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && removeIfUnlocked(f)) removed++;
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder: the leftovers stay
        }
        return removed;
    }

    private static boolean removeIfUnlocked(Path f) {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l == null) return false; // another process is writing it
            try {
                Files.delete(f);
                return true;
            } finally {
                l.release();
            }
        } catch (OverlappingFileLockException inThisProcess) {
            return false; // a save in this JVM is writing it
        } catch (IOException e) {
            return false;
        }
    }
}
