package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FlagsTest {
    private static final List<String> ACCEPTED = List.of("epochs", "out");

    @Test
    void spaceAndEqualsForms() {
        Flags f = Flags.parse("train", List.of("--epochs", "4", "--out=runs/x"), ACCEPTED);
        assertEquals(4, f.positiveInt("epochs", 1, 1));
        assertEquals(Path.of("runs/x"), f.path("out", null));
        assertEquals(7, Flags.parse("train", List.of(), ACCEPTED).positiveInt("epochs", 7, 1), "default when absent");
    }

    @Test
    void unknownFlagNamesItAndListsTheAcceptedOnes() {
        UsageException e = assertThrows(UsageException.class, () -> Flags.parse("train", List.of("--epoch", "3"), ACCEPTED));
        assertEquals("unknown flag --epoch for 'train'; it takes --epochs, --out", e.getMessage());
    }

    @Test
    void malformedCommandLines() {
        assertTrue(assertThrows(UsageException.class, () -> Flags.parse("train", List.of("--epochs"), ACCEPTED))
                .getMessage().contains("--epochs needs a value"));
        assertTrue(assertThrows(UsageException.class, () -> Flags.parse("train", List.of("3"), ACCEPTED))
                .getMessage().contains("takes flags only, got '3'"));
        assertTrue(assertThrows(UsageException.class, () -> Flags.parse("train", List.of("--out", "a", "--out", "b"), ACCEPTED))
                .getMessage().contains("--out given twice"));
        Flags f = Flags.parse("train", List.of("--epochs", "three"), ACCEPTED);
        assertTrue(assertThrows(UsageException.class, () -> f.positiveInt("epochs", 1, 1))
                .getMessage().contains("--epochs takes a whole number, got 'three'"));
        Flags zero = Flags.parse("train", List.of("--epochs", "0"), ACCEPTED);
        assertTrue(assertThrows(UsageException.class, () -> zero.positiveInt("epochs", 1, 1))
                .getMessage().contains("--epochs must be at least 1, got 0"));
    }
}
