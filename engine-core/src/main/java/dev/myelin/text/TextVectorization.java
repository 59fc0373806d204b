package dev.myelin.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keras's {@code TextVectorization} with {@code output_mode="int"}: turns sentences into sequences
 * of token ids that an {@link dev.myelin.layers.Embedding} reads. Standardization lowercases and
 * strips ASCII punctuation (Keras's {@code lower_and_strip_punctuation}), splitting is on
 * whitespace, {@link #adapt} keeps the {@code maxTokens} most frequent tokens with id 0 for padding
 * ({@code ""}) and id 1 for tokens out of the vocabulary ({@code "[UNK]"}), as Keras does, and
 * {@code outputSequenceLength} pads with 0 at the end or truncates to the first tokens.
 *
 * <pre>{@code
 * TextVectorization v = new TextVectorization().maxTokens(1000).outputSequenceLength(20);
 * v.adapt(trainingSentences);
 * float[] ids = v.apply(trainingSentences);   // (sentences, 20), row-major
 * }</pre>
 */
public final class TextVectorization {
    /** Keras's {@code string.punctuation} as its standardizer strips it. */
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~']");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Id 0: padding. */
    public static final String PADDING = "";
    /** Id 1: a token out of the vocabulary. */
    public static final String OOV = "[UNK]";

    private int maxTokens;
    private int outputSequenceLength;
    private List<String> vocabulary = List.of(PADDING, OOV);
    private Map<String, Integer> ids = Map.of(PADDING, 0, OOV, 1);

    /** No limit on the vocabulary and no fixed length, Keras's defaults. */
    public TextVectorization() {}

    /** The size of the vocabulary, padding and out-of-vocabulary ids included (0: no limit). */
    public TextVectorization maxTokens(int value) {
        if (value != 0 && value < 3) throw new IllegalArgumentException("maxTokens must be at least 3 (padding, [UNK] and one token), got " + value);
        this.maxTokens = value;
        return this;
    }

    /** The length every output sequence is padded or truncated to (0: the longest of each call). */
    public TextVectorization outputSequenceLength(int value) {
        if (value < 0) throw new IllegalArgumentException("outputSequenceLength must not be negative, got " + value);
        this.outputSequenceLength = value;
        return this;
    }

    /** Lowercase, ASCII punctuation removed, as Keras's {@code lower_and_strip_punctuation}. */
    public static String standardize(String text) {
        return PUNCTUATION.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** The tokens of a standardized text, split on whitespace. */
    public static List<String> tokens(String text) {
        String s = standardize(text).strip();
        return s.isEmpty() ? List.of() : List.of(WHITESPACE.split(s));
    }

    /**
     * Builds the vocabulary from {@code texts}: {@code ""}, {@code "[UNK]"}, then tokens by falling
     * count (ties in alphabetical order, so the result does not depend on the order of the texts),
     * cut to {@code maxTokens} entries. Replaces any earlier vocabulary.
     */
    public TextVectorization adapt(List<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : texts) for (String token : tokens(t)) counts.merge(token, 1, Integer::sum);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> vocab = new ArrayList<>(List.of(PADDING, OOV));
        for (Map.Entry<String, Integer> e : sorted) {
            if (maxTokens > 0 && vocab.size() >= maxTokens) break;
            vocab.add(e.getKey());
        }
        return setVocabulary(vocab);
    }

    /** Sets the vocabulary directly (Keras's {@code set_vocabulary}); it must start with {@code ""} and {@code "[UNK]"}. */
    public TextVectorization setVocabulary(List<String> vocab) {
        if (vocab.size() < 2 || !vocab.get(0).equals(PADDING) || !vocab.get(1).equals(OOV)) {
            throw new IllegalArgumentException("a vocabulary starts with \"\" (padding) and \"[UNK]\" (out of vocabulary)");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            if (index.put(vocab.get(i), i) != null) throw new IllegalArgumentException("the vocabulary repeats \"" + vocab.get(i) + "\"");
        }
        this.vocabulary = List.copyOf(vocab);
        this.ids = index;
        return this;
    }

    /** The vocabulary, by id (Keras's {@code get_vocabulary()}). */
    public List<String> vocabulary() { return Collections.unmodifiableList(vocabulary); }

    /** How many ids there are: the {@code inputDim} of the Embedding that reads them. */
    public int vocabularySize() { return vocabulary.size(); }

    /** The ids of one text, padded or truncated to {@code outputSequenceLength} when it is set. */
    public int[] ids(String text) {
        List<String> tokens = tokens(text);
        int length = outputSequenceLength > 0 ? outputSequenceLength : tokens.size();
        int[] out = new int[length];
        for (int i = 0; i < Math.min(length, tokens.size()); i++) out[i] = ids.getOrDefault(tokens.get(i), 1);
        return out;
    }

    /**
     * The ids of every text as floats, row-major {@code (texts, length)}, ready for a
     * {@link dev.myelin.data.Dataset}: {@code length} is {@code outputSequenceLength}, or without
     * it the longest text's, shorter ones padded with 0.
     */
    public float[] apply(List<String> texts) {
        int length = outputSequenceLength;
        if (length == 0) for (String t : texts) length = Math.max(length, tokens(t).size());
        float[] out = new float[texts.size() * length];
        for (int i = 0; i < texts.size(); i++) {
            int[] row = ids(texts.get(i));
            for (int j = 0; j < Math.min(length, row.length); j++) out[i * length + j] = row[j];
        }
        return out;
    }

    /** The length {@link #apply} gives for {@code texts}. */
    public int outputLength(List<String> texts) {
        if (outputSequenceLength > 0) return outputSequenceLength;
        int length = 0;
        for (String t : texts) length = Math.max(length, tokens(t).size());
        return length;
    }
}
