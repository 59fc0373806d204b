package dev.myelin.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A labelled set of short reviews, generated from templates (written for this project, no licence
 * needed), in which the label depends on word order, not just on which words occur: a negation
 * flips the adjective after it, and in "X but Y" the clause after "but" decides. Positive reviews
 * are label 1. The grammar:
 * <pre>
 *   review  = [opener] clause | [opener] clause "but" clause
 *   clause  = "the" subject "was" ["not"] [intensifier] adjective
 *           | "i" ["did not"] verb "the" subject
 *   opener  = "honestly ," | "overall" | "to be fair ," | "in the end"
 * </pre>
 * with subjects, intensifiers and adjectives and verbs of each polarity drawn uniformly. A clause's
 * polarity is its adjective's or verb's, flipped by "not" / "did not"; the review's is its last
 * clause's. Half of the reviews are positive, in expectation.
 */
public final class SentimentData {
    static final String[] SUBJECTS = {"movie", "film", "plot", "acting", "soundtrack", "ending", "script", "cast", "story",
            "dialogue", "camera work", "pacing", "villain", "sequel", "director"};
    static final String[] INTENSIFIERS = {"very", "really", "truly", "quite", "so", "incredibly", "rather"};
    static final String[] POSITIVE = {"good", "great", "wonderful", "brilliant", "superb", "charming", "moving", "delightful",
            "gripping", "fun", "clever", "beautiful"};
    static final String[] NEGATIVE = {"bad", "awful", "boring", "dull", "terrible", "weak", "clumsy", "tedious", "predictable",
            "messy", "bland", "painful"};
    static final String[] LIKE = {"loved", "enjoyed", "liked", "adored", "admired"};
    static final String[] LIKE_BASE = {"love", "enjoy", "like", "adore", "admire"};
    static final String[] DISLIKE = {"hated", "disliked", "loathed", "regretted"};
    static final String[] DISLIKE_BASE = {"hate", "dislike", "loathe", "regret"};
    static final String[] OPENERS = {"honestly ,", "overall", "to be fair ,", "in the end"};

    private SentimentData() {}

    /** Reviews and their labels (1 positive, 0 negative). */
    public record Reviews(List<String> texts, float[] labels) {}

    /** {@code count} reviews drawn from {@code seed}. */
    public static Reviews generate(int count, long seed) {
        return generate(count, seed, java.util.Set.of());
    }

    /** {@code count} reviews drawn from {@code seed}, none of them in {@code excluded} (a held-out set unseen in training). */
    public static Reviews generate(int count, long seed, java.util.Set<String> excluded) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>(count);
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            if (r.nextInt(3) == 0) s.append(pick(r, OPENERS)).append(' ');
            boolean positive = clause(r, s);
            if (r.nextInt(3) == 0) {
                s.append(" but ");
                positive = clause(r, s);
            }
            if (excluded.contains(s.toString())) {
                i--;
                continue;
            }
            texts.add(s.toString());
            labels[i] = positive ? 1f : 0f;
        }
        return new Reviews(texts, labels);
    }

    /** Appends one clause and returns its polarity. */
    private static boolean clause(SplittableRandom r, StringBuilder s) {
        boolean good = r.nextBoolean(), negated = r.nextInt(3) == 0;
        if (r.nextBoolean()) {
            s.append("the ").append(pick(r, SUBJECTS)).append(" was ");
            if (negated) s.append("not ");
            if (r.nextBoolean()) s.append(pick(r, INTENSIFIERS)).append(' ');
            s.append(pick(r, good ? POSITIVE : NEGATIVE));
        } else {
            s.append("i ");
            if (negated) {
                int k = r.nextInt(good ? LIKE_BASE.length : DISLIKE_BASE.length);
                s.append("did not ").append(good ? LIKE_BASE[k] : DISLIKE_BASE[k]);
            } else {
                s.append(pick(r, good ? LIKE : DISLIKE));
            }
            s.append(" the ").append(pick(r, SUBJECTS));
        }
        return good != negated;
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }
}
