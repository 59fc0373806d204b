package dev.myelin.layers;

import com.google.gson.JsonObject;

/** Recreates a built-in layer from its type name and {@link Layer#config()}, for loading saved models. */
public final class LayerRegistry {
    private LayerRegistry() {}

    public static Layer fromConfig(String type, JsonObject config) {
        return switch (type) {
            case "Input" -> Input.fromConfig(config);
            case "Dense" -> Dense.fromConfig(config);
            case "Conv2D" -> Conv2D.fromConfig(config);
            case "MaxPooling2D" -> MaxPooling2D.fromConfig(config);
            case "AveragePooling2D" -> AveragePooling2D.fromConfig(config);
            case "Flatten" -> Flatten.fromConfig(config);
            case "Activation" -> Activation.fromConfig(config);
            case "Dropout" -> Dropout.fromConfig(config);
            case "Embedding" -> Embedding.fromConfig(config);
            case "SimpleRNN" -> SimpleRNN.fromConfig(config);
            case "LSTM" -> LSTM.fromConfig(config);
            case "GRU" -> GRU.fromConfig(config);
            case "Conv1D" -> Conv1D.fromConfig(config);
            case "MaxPooling1D" -> MaxPooling1D.fromConfig(config);
            case "AveragePooling1D" -> AveragePooling1D.fromConfig(config);
            case "GlobalAveragePooling1D" -> GlobalAveragePooling1D.fromConfig(config);
            case "GlobalMaxPooling1D" -> GlobalMaxPooling1D.fromConfig(config);
            case "UpSampling1D" -> UpSampling1D.fromConfig(config);
            case "TimeDistributed" -> TimeDistributed.fromConfig(config);
            case "Bidirectional" -> Bidirectional.fromConfig(config);
            default -> throw new IllegalArgumentException("unknown layer type \"" + type + "\" (only built-in layers can be loaded)");
        };
    }
}
