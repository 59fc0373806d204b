package dev.myelin.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Keras's TextVectorization behaviour, on examples worked out by hand. */
class TextVectorizationTest {

    @Test
    void standardizesAsKerasLowerAndStripPunctuation() {
        assertEquals("its a great movie  really", TextVectorization.standardize("It's a GREAT movie -- really!"));
        assertEquals(List.of("its", "a", "great", "movie", "really"), TextVectorization.tokens("It's a GREAT movie -- really!"));
        assertEquals(List.of(), TextVectorization.tokens(" ?! "));
    }

    @Test
    void vocabularyIsPaddingThenUnknownThenTokensByCount() {
        TextVectorization v = new TextVectorization().adapt(List.of("the cat sat", "The dog sat.", "a cat, the cat"));
        // the: 3, cat: 3, sat: 2, a: 1, dog: 1 (ties alphabetical)
        assertEquals(List.of("", "[UNK]", "cat", "the", "sat", "a", "dog"), v.vocabulary());
        assertEquals(7, v.vocabularySize());
        assertArrayEquals(new int[] {3, 6, 1, 1, 2}, v.ids("the dog chased cats... cat"));   // "chased", "cats" unknown
    }

    @Test
    void maxTokensCountsTheTwoReservedIds() {
        TextVectorization v = new TextVectorization().maxTokens(4).adapt(List.of("b b b a a c"));
        assertEquals(List.of("", "[UNK]", "b", "a"), v.vocabulary());
        assertArrayEquals(new int[] {1, 3, 2}, v.ids("c a b"));
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().maxTokens(2));
    }

    @Test
    void padsAtTheEndAndTruncatesToTheFirstTokens() {
        TextVectorization v = new TextVectorization().outputSequenceLength(3).adapt(List.of("x y z w"));
        assertArrayEquals(new int[] {2, 3, 0}, v.ids("w x"));              // vocabulary: w x y z
        assertArrayEquals(new int[] {5, 4, 3}, v.ids("z y x w"));
        assertArrayEquals(new float[] {2, 3, 0, 5, 4, 3}, v.apply(List.of("w x", "z y x w")));
        TextVectorization ragged = new TextVectorization().adapt(List.of("x y z w"));
        assertArrayEquals(new float[] {2, 3, 0, 0, 5, 4, 3, 2}, ragged.apply(List.of("w x", "z y x w")));
        assertEquals(4, ragged.outputLength(List.of("w x", "z y x w")));
    }

    @Test
    void aGivenVocabularyMustStartWithTheReservedIds() {
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().setVocabulary(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().setVocabulary(List.of("", "[UNK]", "a", "a")));
        assertEquals(3, new TextVectorization().setVocabulary(List.of("", "[UNK]", "a")).ids("a b a").length);
    }
}
