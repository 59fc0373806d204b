package dev.myelin.examples;

import dev.myelin.data.DataFileException;
import dev.myelin.model.Sequential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model file written by {@code myelin train}, with an error that names the file when it is absent. */
final class SavedModel {
    private SavedModel() {}

    static Sequential load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file + ": no such model file (train writes one as runs/<time>/"
                    + TrainCommand.MODEL_FILE + ")");
        }
        return Sequential.load(file);
    }
}
