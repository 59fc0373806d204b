package dev.myelin.data;

import java.util.List;
import java.util.Locale;

/**
 * The arguments of Keras's {@code image_dataset_from_directory}, with its defaults: images resized
 * to 256 x 256, {@code "rgb"}, integer labels, batches of 32, shuffled, no validation split.
 */
public final class ImageDatasetOptions {

    /** Keras's defaults: see the class comment. */
    public ImageDatasetOptions() {}
    private int height = 256, width = 256;
    private String colorMode = "rgb";
    private String labelMode = "int";
    private int batchSize = 32;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit;
    private String subset;
    private boolean skipCorrupt;
    private int prefetch = 2;
    private List<String> classNames;

    /** Every image is resized (bilinear) to {@code height} x {@code width}. */
    public ImageDatasetOptions imageSize(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("image size must be positive, got " + height + " x " + width);
        this.height = height;
        this.width = width;
        return this;
    }

    /** {@code "grayscale"} (1 channel), {@code "rgb"} (3) or {@code "rgba"} (4). */
    public ImageDatasetOptions colorMode(String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!List.of("grayscale", "rgb", "rgba").contains(m)) {
            throw new IllegalArgumentException("color mode must be \"grayscale\", \"rgb\" or \"rgba\", got \"" + mode + "\"");
        }
        this.colorMode = m;
        return this;
    }

    /** {@code "int"} (a class index), {@code "categorical"} (one-hot) or {@code "binary"} (0 or 1, two classes only). */
    public ImageDatasetOptions labelMode(String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!List.of("int", "categorical", "binary").contains(m)) {
            throw new IllegalArgumentException("label mode must be \"int\", \"categorical\" or \"binary\", got \"" + mode + "\"");
        }
        this.labelMode = m;
        return this;
    }

    /** Samples per batch; {@code fit} uses it for this dataset. */
    public ImageDatasetOptions batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + n);
        this.batchSize = n;
        return this;
    }

    /** Whether the files are shuffled (before the split, and again each epoch). */
    public ImageDatasetOptions shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** Seed of the shuffling; the training and validation subsets must use the same one. */
    public ImageDatasetOptions seed(long value) {
        this.seed = value;
        return this;
    }

    /** The fraction of the images held out for validation (the last ones after the seeded shuffle). */
    public ImageDatasetOptions validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be in (0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    /** {@code "training"} or {@code "validation"}: which side of the {@link #validationSplit} to read. */
    public ImageDatasetOptions subset(String which) {
        String s = which.toLowerCase(Locale.ROOT);
        if (!List.of("training", "validation").contains(s)) {
            throw new IllegalArgumentException("subset must be \"training\" or \"validation\", got \"" + which + "\"");
        }
        this.subset = s;
        return this;
    }

    /** Skip an image that cannot be decoded (reporting its file once) instead of failing the epoch. */
    public ImageDatasetOptions skipCorrupt(boolean value) {
        this.skipCorrupt = value;
        return this;
    }

    /** How many batches are decoded ahead on the background thread (default 2). */
    public ImageDatasetOptions prefetch(int batches) {
        if (batches < 1) throw new IllegalArgumentException("prefetch must be at least 1 batch, got " + batches);
        this.prefetch = batches;
        return this;
    }

    /** The classes, in label order, instead of every subfolder in alphabetical order. */
    public ImageDatasetOptions classNames(String... names) {
        this.classNames = List.of(names);
        return this;
    }

    int height() { return height; }

    int width() { return width; }

    String colorMode() { return colorMode; }

    String labelMode() { return labelMode; }

    int batchSize() { return batchSize; }

    boolean shuffle() { return shuffle; }

    Long seed() { return seed; }

    double validationSplit() { return validationSplit; }

    String subset() { return subset; }

    boolean skipCorrupt() { return skipCorrupt; }

    int prefetch() { return prefetch; }

    List<String> classNames() { return classNames; }

    int channels() {
        return switch (colorMode) {
            case "grayscale" -> 1;
            case "rgba" -> 4;
            default -> 3;
        };
    }
}
