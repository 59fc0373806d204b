package dev.myelin.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** The tensors' shapes a weights file or backup lists, checked against the tensors they are loaded into. */
final class SavedShapes {
    private SavedShapes() {}

    /**
     * Null when {@code shapes} lists exactly the shapes of {@code targets}; else what differs first:
     * {@code "weight 0 of Dense 'dense' has shape (4, 5) in the file but (4, 6) in model 'm'"}.
     *
     * @param inFile where the saved shape is ({@code "in the file"}), inModel where the expected one is
     * @throws InvalidConfigException naming {@code shapes[i]} when an entry is not a list of at most 8 integers
     */
    static String mismatch(JsonArray shapes, List<Tensor> targets, List<String> names, String inFile, String inModel) {
        if (shapes.size() != targets.size()) {
            return "it lists " + shapes.size() + " shapes; " + inModel.replaceFirst("^in ", "") + " has " + targets.size() + " tensors";
        }
        for (int i = 0; i < targets.size(); i++) {
            Shape expected = targets.get(i).shape();
            JsonElement e = shapes.get(i);
            String key = "shapes[" + i + "]";
            JsonObject field = new JsonObject();
            field.add(key, e);
            int rank = e instanceof JsonArray a && a.size() <= 8 ? a.size() : expected.rank();
            Shape saved;
            try {
                saved = Shape.of(new ConfigReader(field).integers(key, rank, 0, Integer.MAX_VALUE));
            } catch (InvalidConfigException x) {
                throw new InvalidConfigException("the shape of " + names.get(i) + " (" + expected + " " + inModel + "): " + x.getMessage(), x);
            }
            if (!saved.equals(expected)) return names.get(i) + " has shape " + saved + " " + inFile + " but " + expected + " " + inModel;
        }
        return null;
    }
}
