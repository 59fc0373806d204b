package dev.myelin.layers;

import com.google.gson.JsonObject;

/** Recreates a built-in layer from its type name and {@link Layer#config()}, for loading saved models. */
public final class LayerRegistry {
    private LayerRegistry() {}

    public static Layer fromConfig(String type, JsonObject config) {
        return switch (type) {
            case "Input", "InputLayer" -> Input.fromConfig(config);
            case "Dense" -> Dense.fromConfig(config);
            case "Conv2D" -> Conv2D.fromConfig(config);
            case "MaxPooling2D" -> MaxPooling2D.fromConfig(config);
            case "AveragePooling2D" -> AveragePooling2D.fromConfig(config);
            case "Flatten" -> Flatten.fromConfig(config);
            case "Activation" -> Activation.fromConfig(config);
            case "Dropout" -> Dropout.fromConfig(config);
            case "Add" -> Merge.fromConfig(new Add(), config);
            case "Subtract" -> Merge.fromConfig(new Subtract(), config);
            case "Multiply" -> Merge.fromConfig(new Multiply(), config);
            case "Average" -> Merge.fromConfig(new Average(), config);
            case "Maximum" -> Merge.fromConfig(new Maximum(), config);
            case "Minimum" -> Merge.fromConfig(new Minimum(), config);
            case "Concatenate" -> Concatenate.fromConfig(config);
            default -> throw new IllegalArgumentException("unknown layer type \"" + type + "\" (only built-in layers can be loaded)");
        };
    }
}
