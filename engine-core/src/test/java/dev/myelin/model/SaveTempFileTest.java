package dev.myelin.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A save's temporary file: deleted on failure, renamed on success, and removed later only when no save holds it. */
class SaveTempFileTest {
    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailureDeletesItAndACommitRenamesIt() throws IOException {
        Path target = dir.resolve("m.myelin");
        try (SaveTempFile t = SaveTempFile.create(target)) {
            assertTrue(t.path().getFileName().toString().matches("\\.m\\.myelin\\.\\d+\\.tmp"), t.path().toString());
            t.output().write(1);
            // no commit: as if writing had thrown
        }
        assertEquals(List.of(), files());
        try (SaveTempFile t = SaveTempFile.create(target); OutputStream out = t.output()) {
            out.write(new byte[] {1, 2, 3});
            out.flush();
            t.commit(target);
        }
        assertEquals(List.of("m.myelin"), files());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void staleFilesAreRemovedButOnesBeingWrittenAreKept() throws IOException {
        Path target = dir.resolve("m.myelin");
        Files.write(dir.resolve(".m.myelin.123.tmp"), new byte[100]); // a killed save's leftover: unlocked
        Files.write(dir.resolve(".other.myelin.5.tmp"), new byte[1]);  // another model's: not ours to touch
        try (SaveTempFile live = SaveTempFile.create(target)) {         // a save in progress in this JVM
            assertEquals(1, SaveTempFile.removeStale(target));
            assertTrue(Files.exists(live.path()));
        }
        assertEquals(List.of(".other.myelin.5.tmp"), files());
    }

    @Test
    void theLeftoverOfAKilledProcessIsRemovedOnlyAfterItDies() throws Exception {
        Path target = dir.resolve("m.myelin");
        Path tmp = dir.resolve(".m.myelin.77.tmp");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), tmp.toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)), "the holder should lock the file");
            assertEquals(0, SaveTempFile.removeStale(target), "a live process's save is not stale");
            assertTrue(Files.exists(tmp));
            holder.destroyForcibly(); // SIGKILL: no cleanup runs in the holder
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, SaveTempFile.removeStale(target));
            assertFalse(Files.exists(tmp));
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Locks the file named by its argument, says so, and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (var c = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE); var l = c.lock()) {
                System.out.print("locked");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
