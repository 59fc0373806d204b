package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keras's {@code image_dataset_from_directory}: a folder with one subfolder per class, each holding
 * that class's pictures (PNG, JPEG, BMP, GIF, in nested folders too). Only the file list is kept in
 * memory; each epoch decodes the pictures batch by batch on a background thread, resized to the
 * options' size, pixel values 0..255 (add a rescaling step to the model, as in Keras).
 *
 * <pre>{@code
 * var opts = new ImageDatasetOptions().imageSize(64, 64).validationSplit(0.2).seed(1337);
 * ImageDataset train = ImageDataset.fromDirectory(dir, opts.subset("training"));
 * ImageDataset val = ImageDataset.fromDirectory(dir, opts.subset("validation"));
 * }</pre>
 *
 * A file that cannot be decoded fails the epoch with a {@link DataFileException} naming it, or,
 * with {@code skipCorrupt(true)}, is left out and reported once on standard error.
 */
public final class ImageDataset implements DataSource {
    private static final Set<String> EXTENSIONS = Set.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

    private final ImageDatasetOptions options;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final Shape sampleShape;
    private final Shape labelShape;
    private final Set<Path> corrupt = ConcurrentHashMap.newKeySet();
    private PrintStream warnings = System.err;

    private ImageDataset(ImageDatasetOptions options, List<String> classNames, List<Path> files, int[] labels) {
        this.options = options;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
        this.sampleShape = Shape.of(options.height(), options.width(), options.channels());
        this.labelShape = switch (options.labelMode()) {
            case "categorical" -> Shape.of(classNames.size());
            case "binary" -> Shape.of(1);
            default -> Shape.SCALAR;
        };
    }

    /** Lists {@code directory}'s images (nothing is decoded yet); see the class comment. */
    public static ImageDataset fromDirectory(Path directory, ImageDatasetOptions options) throws IOException {
        if (!Files.exists(directory)) throw new NoSuchFileException(directory.toString(), null, "no such folder of images");
        if (!Files.isDirectory(directory)) throw new NotDirectoryException(directory + ": expected a folder with one subfolder per class");
        if ((options.subset() == null) != (options.validationSplit() == 0)) {
            throw new IllegalArgumentException("set validationSplit and subset together (subset \"training\" or \"validation\")");
        }
        if (options.validationSplit() > 0 && options.shuffle() && options.seed() == null) {
            throw new IllegalArgumentException("with a validation split and shuffling, give a seed, so the training and validation "
                    + "subsets are drawn from the same shuffle and do not overlap");
        }
        List<String> classes = options.classNames() != null ? options.classNames() : subfolders(directory);
        if (classes.isEmpty()) throw new DataFileException(directory + ": no class subfolders (expected one subfolder per class)");
        if (options.labelMode().equals("binary") && classes.size() != 2) {
            throw new IllegalArgumentException("label mode \"binary\" needs exactly 2 classes; " + directory + " has " + classes.size() + ": " + classes);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path folder = directory.resolve(classes.get(c));
            if (!Files.isDirectory(folder)) throw new DataFileException(directory + ": class folder '" + classes.get(c) + "' does not exist");
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(ImageDataset::isImageName).sorted().toList()) {
                    files.add(p);
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DataFileException(directory + ": no images found; allowed formats: " + new java.util.TreeSet<>(EXTENSIONS));
        }
        int n = files.size();
        long seed = options.seed() == null ? new java.util.Random().nextLong() : options.seed();
        int[] order = Batches.order(n, options.shuffle(), seed);
        int from = 0, to = n;
        if (options.subset() != null) {
            int validation = (int) (options.validationSplit() * n); // Keras truncates, as int() does
            if (validation == 0 || validation == n) {
                throw new IllegalArgumentException("a validation split of " + options.validationSplit() + " of " + n + " images leaves an empty subset");
            }
            if (options.subset().equals("training")) to = n - validation;
            else from = n - validation;
        }
        List<Path> picked = new ArrayList<>();
        int[] pickedLabels = new int[to - from];
        for (int i = from; i < to; i++) {
            picked.add(files.get(order[i]));
            pickedLabels[i - from] = labels.get(order[i]);
        }
        return new ImageDataset(options, classes, picked, pickedLabels);
    }

    private static List<String> subfolders(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot));
    }

    /** The class names, in label order (class {@code i} is the {@code i}-th). */
    public List<String> classNames() { return classNames; }

    /** The image files of this subset, in the order of {@link #labels()}. */
    public List<Path> files() { return files; }

    /** Each file's class index. */
    public int[] labels() { return labels.clone(); }

    /** Files left out as corrupt so far (with {@code skipCorrupt}). */
    public Set<Path> skipped() { return Collections.unmodifiableSet(corrupt); }

    /** Where skipped files are reported (standard error by default). */
    public ImageDataset warnings(PrintStream stream) {
        this.warnings = stream;
        return this;
    }

    @Override
    public Shape sampleShape() { return sampleShape; }

    @Override
    public Shape labelShape() { return labelShape; }

    @Override
    public int size() { return files.size(); }

    @Override
    public int preferredBatchSize() { return options.batchSize(); }

    /**
     * One epoch, decoded on a background thread. The files are reshuffled each epoch when the options
     * shuffle; with {@code skipCorrupt} a batch is filled from the files after a corrupt one, so the
     * epoch may end a batch early.
     */
    @Override
    public BatchStream epoch(int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        int n = files.size();
        int[] order = Batches.order(n, shuffle && options.shuffle(), seed);
        int count = (n + batchSize - 1) / batchSize;
        int s = sampleShape.sizeAsInt(), l = labelShape.sizeAsInt();
        int[] cursor = {0};
        return new PrefetchingStream(count, options.prefetch(), "myelin-images", index -> {
            float[] x = new float[batchSize * s], y = new float[batchSize * l];
            int filled = 0;
            while (filled < batchSize && cursor[0] < n) {
                int k = order[cursor[0]++];
                Path file = files.get(k);
                if (corrupt.contains(file)) continue;
                try {
                    ImageDecoder.decode(file, options.height(), options.width(), options.channels(), x, filled * s);
                } catch (DataFileException e) {
                    if (!options.skipCorrupt()) throw e;
                    if (corrupt.add(file)) warnings.println("skipping " + e.getMessage());
                    continue;
                }
                switch (options.labelMode()) {
                    case "categorical" -> y[filled * l + labels[k]] = 1;
                    default -> y[filled * l] = labels[k];
                }
                filled++;
            }
            if (filled == 0) return null;
            if (filled < batchSize) {
                x = java.util.Arrays.copyOf(x, filled * s);
                y = java.util.Arrays.copyOf(y, filled * l);
            }
            return Batches.single(index, filled, x, sampleShape.prepend(filled), y, labelShape.prepend(filled));
        });
    }
}
