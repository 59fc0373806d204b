package dev.myelin.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeTest {

    @Test
    void sizeRankAndAxes() {
        Shape s = Shape.of(64, 28, 28, 1);
        assertEquals(4, s.rank());
        assertEquals(64L * 28 * 28, s.size());
        assertEquals(1, s.dim(-1));
        assertEquals(64 * 28 * 28, s.rows());
        assertEquals(Shape.of(28, 28, 1), s.dropFirst());
        assertEquals(Shape.of(3, 28, 28, 1), s.dropFirst().prepend(3));
        assertEquals(Shape.of(64, 28, 28, 5), s.withLast(5));
        assertEquals(1, Shape.SCALAR.size());
    }

    @Test
    void printsLikeKeras() {
        assertEquals("(28, 28, 1)", Shape.of(28, 28, 1).toString());
        assertEquals("(6400,)", Shape.of(6400).toString());
        assertEquals("()", Shape.SCALAR.toString());
    }

    @Test
    void rejectsNegativeDimensions() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    }
}
