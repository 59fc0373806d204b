package dev.myelin.examples;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Conv1D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.GlobalMaxPooling1D;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Shape;
import dev.myelin.text.TextVectorization;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Sentence sentiment on {@link SentimentData}'s generated reviews: text to ids with
 * {@link TextVectorization}, then two classifiers side by side, a recurrent one (Embedding with
 * the padding masked, Bidirectional LSTM, Dense sigmoid) and a 1-D convolutional one (Embedding, Conv1D relu,
 * GlobalMaxPooling1D, Dense sigmoid), each scored on held-out reviews against always answering the
 * majority class.
 */
public final class Sentiment {
    /** Reviews to train on and to hold out, the vocabulary's size limit, the length of every sequence, the embedding width. */
    public static final int TRAINING = 4000, HELD_OUT = 1000, MAX_TOKENS = 200, LENGTH = 20, EMBEDDING = 16;
    /** The example's training length and mini-batch size. */
    public static final int EPOCHS = 6, BATCH_SIZE = 32;
    /** Adam's learning rate. */
    public static final float LEARNING_RATE = 0.005f;

    private Sentiment() {}

    /** Embedding (id 0 masked: the padding), Bidirectional(LSTM(16)), Dense(1, sigmoid). */
    public static Sequential recurrent(int vocabulary, long seed) {
        Sequential m = new Sequential(new Input(LENGTH), new Embedding(vocabulary, EMBEDDING).maskZero(true),
                new Bidirectional(new LSTM(16)), new Dense(1).activation("sigmoid")).seed(seed);
        m.compile(new Adam(LEARNING_RATE), new BinaryCrossentropy(), "accuracy");
        return m;
    }

    /** Embedding, Conv1D(32, 3, relu), GlobalMaxPooling1D, Dense(1, sigmoid). */
    public static Sequential convolutional(int vocabulary, long seed) {
        Sequential m = new Sequential(new Input(LENGTH), new Embedding(vocabulary, EMBEDDING),
                new Conv1D(32, 3).activation("relu"), new GlobalMaxPooling1D(), new Dense(1).activation("sigmoid")).seed(seed);
        m.compile(new Adam(LEARNING_RATE), new BinaryCrossentropy(), "accuracy");
        return m;
    }

    /** Held-out accuracy of each model and of the majority class. */
    public record Result(double recurrentAccuracy, double convolutionalAccuracy, double majorityAccuracy, int vocabulary) {}

    /** Generates the reviews, fits the vocabulary on the training ones, trains both models. */
    public static Result train(int training, int epochs, long seed, PrintStream log) {
        SentimentData.Reviews train = SentimentData.generate(training, seed), heldOut = SentimentData.generate(HELD_OUT, seed + 1,
                new java.util.HashSet<>(train.texts()));
        TextVectorization text = new TextVectorization().maxTokens(MAX_TOKENS).outputSequenceLength(LENGTH).adapt(train.texts());
        Dataset trainSet = new Dataset(text.apply(train.texts()), Shape.of(LENGTH), train.labels(), Shape.SCALAR);
        Dataset heldOutSet = new Dataset(text.apply(heldOut.texts()), Shape.of(LENGTH), heldOut.labels(), Shape.SCALAR);
        if (log != null) {
            log.println("vocabulary: " + text.vocabularySize() + " ids; e.g. \"" + train.texts().get(0) + "\" -> "
                    + java.util.Arrays.toString(text.ids(train.texts().get(0))));
        }
        double positive = 0;
        for (float v : heldOut.labels()) positive += v;
        double majority = Math.max(positive, HELD_OUT - positive) / HELD_OUT;
        double[] accuracy = new double[2];
        int i = 0;
        for (Sequential model : List.of(recurrent(text.vocabularySize(), seed), convolutional(text.vocabularySize(), seed))) {
            if (log != null) model.summary();
            model.fit(trainSet, new FitOptions().epochs(epochs).batchSize(BATCH_SIZE).shuffle(true).seed(seed).verbose(log == null ? 0 : 1));
            accuracy[i++] = model.evaluate(heldOutSet, 256).get("accuracy");
        }
        return new Result(accuracy[0], accuracy[1], majority, text.vocabularySize());
    }

    /** {@code myelin sentiment [--epochs N] [--seed N] [--backend NAME]}. */
    static void run(List<String> args, PrintStream out) {
        Flags flags = Flags.parse("sentiment", args, List.of("epochs", "seed", "backend"));
        long seed = flags.longValue("seed", 1);
        int epochs = flags.positiveInt("epochs", EPOCHS, 1);
        BackendOption.apply(flags, out);
        out.println("Sentiment: " + TRAINING + " training and " + HELD_OUT
                + " held-out generated reviews (negations, \"but\"; no held-out review occurs in training)");
        Result r = train(TRAINING, epochs, seed, out);
        out.printf(Locale.ROOT, "held-out accuracy: Embedding + Bidirectional(LSTM) %.4f, Embedding + Conv1D %.4f, "
                + "majority class %.4f%n", r.recurrentAccuracy(), r.convolutionalAccuracy(), r.majorityAccuracy());
    }
}
