package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line of {@code myelin train} that compares the first epoch's time with the others'. */
class TrainCommandTest {
    @Test
    void epochSecondsLineComparesTheFirstEpochWithTheMedianOfTheOthers() {
        // Others 1.77, 1.84, 1.65, 1.88: median (1.77 + 1.84) / 2 = 1.805; 2.34 / 1.805 = 1.296...
        assertEquals("epoch seconds: 2.34, 1.77, 1.84, 1.65, 1.88 (the first is 1.30x the median of the others)",
                TrainCommand.epochSecondsLine(List.of(2.34, 1.77, 1.84, 1.65, 1.88)));
        // Others 2.0, 1.0, 4.0: median 2.0; 3.0 / 2.0 = 1.5.
        assertEquals("epoch seconds: 3.00, 2.00, 1.00, 4.00 (the first is 1.50x the median of the others)",
                TrainCommand.epochSecondsLine(List.of(3.0, 2.0, 1.0, 4.0)));
        assertEquals("epoch seconds: 2.50", TrainCommand.epochSecondsLine(List.of(2.5)));
    }
}
