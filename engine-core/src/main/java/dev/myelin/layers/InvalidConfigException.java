package dev.myelin.layers;

/**
 * A saved layer config that cannot describe a layer: a field missing, null, of the wrong type or out
 * of range. The message names the field, what was expected and what was found (long quotations cut,
 * see {@link LongQuotations}); {@link LayerRegistry} adds the layer, and the model loader the file.
 */
public class InvalidConfigException extends IllegalArgumentException {
    /** An error whose message already says where and what. */
    public InvalidConfigException(String message) {
        super(LongQuotations.shorten(message));
    }

    /** An error with the exception that revealed it. */
    public InvalidConfigException(String message, Throwable cause) {
        super(LongQuotations.shorten(message), cause);
    }
}
