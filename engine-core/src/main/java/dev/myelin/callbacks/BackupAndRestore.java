package dev.myelin.callbacks;

import java.nio.file.Path;

/**
 * Keras's {@code BackupAndRestore}: after every epoch {@code fit} saves everything a run needs to
 * go on into {@code backupDir} (weights, the optimizer's state and step, the learning rate, the
 * epoch, the history so far, the position of every random stream); a run started again with the
 * same folder after being killed, at any moment, picks up after the last saved epoch and ends with
 * the same history and weights, bit for bit on the CPU backend, as a run never interrupted. The
 * backup is written atomically (a kill while saving leaves the previous one), and deleted when
 * training ends normally unless {@code deleteCheckpoint(false)}.
 *
 * <p>Other callbacks' own state (an EarlyStopping's patience count) is not in the backup, as in Keras.
 */
public final class BackupAndRestore extends Callback {
    /** The backup's file name inside the folder. */
    public static final String FILE = "backup.myelin";

    private final Path backupDir;
    private boolean deleteCheckpoint = true;

    /** Backs up into {@code backupDir} (created when missing). */
    public BackupAndRestore(Path backupDir) {
        if (backupDir == null) throw new IllegalArgumentException("BackupAndRestore needs a folder");
        this.backupDir = backupDir;
    }

    /** Whether the backup is deleted when training ends normally (default true, as Keras). */
    public BackupAndRestore deleteCheckpoint(boolean value) {
        this.deleteCheckpoint = value;
        return this;
    }

    /** The backup folder. */
    public Path backupDir() { return backupDir; }

    /** The backup file. */
    public Path file() { return backupDir.resolve(FILE); }

    /** Whether the backup is deleted at the end of training. */
    public boolean deletesCheckpoint() { return deleteCheckpoint; }
}
