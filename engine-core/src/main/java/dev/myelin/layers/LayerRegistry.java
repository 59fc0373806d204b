package dev.myelin.layers;

import com.google.gson.JsonObject;

/** Recreates a built-in layer from its type name and {@link Layer#config()}, for loading saved models. */
public final class LayerRegistry {
    private LayerRegistry() {}

    /** A new layer of Keras class name {@code type} from its saved {@code config}. */
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
            case "Masking" -> Masking.fromConfig(config);
            case "BatchNormalization" -> BatchNormalization.fromConfig(config);
            case "LayerNormalization" -> LayerNormalization.fromConfig(config);
            case "DepthwiseConv2D" -> DepthwiseConv2D.fromConfig(config);
            case "SeparableConv2D" -> SeparableConv2D.fromConfig(config);
            case "Conv2DTranspose" -> Conv2DTranspose.fromConfig(config);
            case "GlobalAveragePooling2D" -> GlobalAveragePooling2D.fromConfig(config);
            case "GlobalMaxPooling2D" -> GlobalMaxPooling2D.fromConfig(config);
            case "Reshape" -> Reshape.fromConfig(config);
            case "Permute" -> Permute.fromConfig(config);
            case "RepeatVector" -> RepeatVector.fromConfig(config);
            case "ZeroPadding2D" -> ZeroPadding2D.fromConfig(config);
            case "Cropping2D" -> Cropping2D.fromConfig(config);
            case "UpSampling2D" -> UpSampling2D.fromConfig(config);
            case "Rescaling" -> Rescaling.fromConfig(config);
            case "Normalization" -> Normalization.fromConfig(config);
            case "ReLU" -> ReLU.fromConfig(config);
            case "LeakyReLU" -> LeakyReLU.fromConfig(config);
            case "ELU" -> ELU.fromConfig(config);
            case "Softmax" -> Softmax.fromConfig(config);
            case "RandomFlip" -> RandomFlip.fromConfig(config);
            case "RandomRotation" -> RandomRotation.fromConfig(config);
            case "RandomZoom" -> RandomZoom.fromConfig(config);
            case "RandomTranslation" -> RandomTranslation.fromConfig(config);
            case "RandomContrast" -> RandomContrast.fromConfig(config);
            case "RandomCrop" -> RandomCrop.fromConfig(config);
            default -> throw new IllegalArgumentException("unknown layer type \"" + type + "\" (only built-in layers can be loaded)");
        };
    }
}
