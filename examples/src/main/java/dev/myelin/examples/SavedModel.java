package dev.myelin.examples;

import com.google.gson.JsonObject;
import dev.myelin.data.DataFileException;
import dev.myelin.layers.Layer;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * Loads a classifier and compiles it for {@code evaluate}: a model file holds no loss, so it gets
     * sparse categorical cross-entropy, on probabilities when its last layer ends in softmax and on
     * logits otherwise (as {@code train}'s LeNet gives). The optimizer is never used.
     */
    static Sequential loadClassifier(Path file) throws IOException {
        Sequential model = load(file);
        List<Layer> layers = model.layers();
        JsonObject last = layers.getLast().config();
        boolean softmax = last.has("activation") && "softmax".equals(last.get("activation").getAsString());
        model.compile(new Adam(), new SparseCategoricalCrossentropy(!softmax), "accuracy");
        return model;
    }
}
