package dev.myelin.layers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Recreates a built-in layer from its type name and {@link Layer#config()}, for loading saved models. */
public final class LayerRegistry {
    private LayerRegistry() {}

    /**
     * The layer of type {@code type} that {@code config} describes.
     *
     * @throws InvalidConfigException naming the layer (its type, and its name when readable) and the field
     *     when the type is unknown or a field is missing, null, of the wrong type or out of range
     */
    public static Layer fromConfig(String type, JsonElement config) {
        if (type == null) throw new InvalidConfigException("layer of no \"class_name\": expected a layer type such as \"Dense\"");
        try {
            ConfigReader c = new ConfigReader(config);
            return switch (type) {
                case "Input", "InputLayer" -> Input.fromConfig(c);
                case "Dense" -> Dense.fromConfig(c);
                case "Conv2D" -> Conv2D.fromConfig(c);
                case "MaxPooling2D" -> MaxPooling2D.fromConfig(c);
                case "AveragePooling2D" -> AveragePooling2D.fromConfig(c);
                case "Flatten" -> Flatten.fromConfig(c);
                case "Activation" -> Activation.fromConfig(c);
                case "Dropout" -> Dropout.fromConfig(c);
                case "Add" -> Merge.fromConfig(new Add(), c);
                case "Subtract" -> Merge.fromConfig(new Subtract(), c);
                case "Multiply" -> Merge.fromConfig(new Multiply(), c);
                case "Average" -> Merge.fromConfig(new Average(), c);
                case "Maximum" -> Merge.fromConfig(new Maximum(), c);
                case "Minimum" -> Merge.fromConfig(new Minimum(), c);
                case "Concatenate" -> Concatenate.fromConfig(c);
                case "Embedding" -> Embedding.fromConfig(c);
                case "Masking" -> Masking.fromConfig(c);
                case "SimpleRNN" -> SimpleRNN.fromConfig(c);
                case "LSTM" -> LSTM.fromConfig(c);
                case "GRU" -> GRU.fromConfig(c);
                case "Conv1D" -> Conv1D.fromConfig(c);
                case "MaxPooling1D" -> MaxPooling1D.fromConfig(c);
                case "AveragePooling1D" -> AveragePooling1D.fromConfig(c);
                case "GlobalAveragePooling1D" -> GlobalAveragePooling1D.fromConfig(c);
                case "GlobalMaxPooling1D" -> GlobalMaxPooling1D.fromConfig(c);
                case "UpSampling1D" -> UpSampling1D.fromConfig(c);
                case "TimeDistributed" -> TimeDistributed.fromConfig(c);
                case "Bidirectional" -> Bidirectional.fromConfig(c);
                case "BatchNormalization" -> BatchNormalization.fromConfig(c);
                case "LayerNormalization" -> LayerNormalization.fromConfig(c);
                case "DepthwiseConv2D" -> DepthwiseConv2D.fromConfig(c);
                case "SeparableConv2D" -> SeparableConv2D.fromConfig(c);
                case "Conv2DTranspose" -> Conv2DTranspose.fromConfig(c);
                case "GlobalAveragePooling2D" -> GlobalAveragePooling2D.fromConfig(c);
                case "GlobalMaxPooling2D" -> GlobalMaxPooling2D.fromConfig(c);
                case "Reshape" -> Reshape.fromConfig(c);
                case "Permute" -> Permute.fromConfig(c);
                case "RepeatVector" -> RepeatVector.fromConfig(c);
                case "ZeroPadding2D" -> ZeroPadding2D.fromConfig(c);
                case "Cropping2D" -> Cropping2D.fromConfig(c);
                case "UpSampling2D" -> UpSampling2D.fromConfig(c);
                case "Rescaling" -> Rescaling.fromConfig(c);
                case "Normalization" -> Normalization.fromConfig(c);
                case "ReLU" -> ReLU.fromConfig(c);
                case "LeakyReLU" -> LeakyReLU.fromConfig(c);
                case "ELU" -> ELU.fromConfig(c);
                case "Softmax" -> Softmax.fromConfig(c);
                case "RandomFlip" -> RandomFlip.fromConfig(c);
                case "RandomRotation" -> RandomRotation.fromConfig(c);
                case "RandomZoom" -> RandomZoom.fromConfig(c);
                case "RandomTranslation" -> RandomTranslation.fromConfig(c);
                case "RandomContrast" -> RandomContrast.fromConfig(c);
                case "RandomCrop" -> RandomCrop.fromConfig(c);
                default -> throw new UnknownType();
            };
        } catch (UnknownType e) {
            throw new InvalidConfigException("unknown layer type \"" + shorten(type) + "\" (only built-in layers can be loaded)");
        } catch (RuntimeException e) {
            // A field's own error, or a constructor's check (a layer added without a ConfigReader): name the layer.
            throw new InvalidConfigException(shorten(type) + " layer" + layerName(config) + ": " + e.getMessage(), e);
        }
    }

    /** The layer a wrapper's {@code {"class_name": ..., "config": ...}} entry describes (TimeDistributed, Bidirectional). */
    static Layer wrapped(ConfigReader entry) {
        return fromConfig(entry.string("class_name"), entry.get("config"));
    }

    /** Leaves the switch for a type no case knows. */
    private static final class UnknownType extends RuntimeException {
        UnknownType() {
            super(null, null, false, false);
        }
    }

    /** {@code " 'dense_1'"} when the config holds a readable name, else nothing. */
    private static String layerName(JsonElement config) {
        if (config instanceof JsonObject o && o.get("name") instanceof JsonPrimitive p && p.isString()) {
            return " '" + shorten(p.getAsString()) + "'";
        }
        return "";
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
