package dev.myelin.model;

import dev.myelin.layers.LongQuotations;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved model file that cannot be loaded: not a model file, damaged, or describing a model that
 * cannot exist. The message names the file, the entry or layer and field, what was expected and what
 * was found, its long quotations cut ({@link LongQuotations}). The files that hold part of a model fail with it too: a weights file
 * ({@code cannot load weights from FILE: ...}) and a training backup
 * ({@code cannot restore the training backup FILE: ...}).
 */
public class ModelFileException extends IOException {
    /** {@code why} says what is wrong; the message starts with {@code cannot load a model from FILE:}. */
    public ModelFileException(Path file, String why) {
        this(file, why, null);
    }

    /** The same, with the exception that revealed it. */
    public ModelFileException(Path file, String why, Throwable cause) {
        this("cannot load a model from", file, why, cause);
    }

    /** The message is {@code action + " " + file + ": " + why}, for the files that hold part of a model. */
    ModelFileException(String action, Path file, String why, Throwable cause) {
        super(action + " " + file + ": " + LongQuotations.shorten(why), cause);
    }
}
