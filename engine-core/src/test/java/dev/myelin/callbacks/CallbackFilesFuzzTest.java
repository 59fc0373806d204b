package dev.myelin.callbacks;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz test of the one file a callback reads: the header of the CSV log that {@link CSVLogger}
 * appends to. Whatever the file holds, a run either appends its line or fails with an
 * {@link UncheckedIOException} naming the file; anything else is a finding. The corpus is committed in
 * {@code src/test/resources/dev/myelin/callbacks/CallbackFilesFuzzTestInputs}.
 */
class CallbackFilesFuzzTest {
    @FuzzTest
    void csvLoggerAppend(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-csvlog");
        Path f = dir.resolve("log.csv");
        try {
            Files.write(f, file);
            CSVLogger log = new CSVLogger(f, ",", true);
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 0.25);
            logs.put("accuracy", 0.5);
            try {
                log.onTrainBegin(new LinkedHashMap<>());
                log.onEpochEnd(0, logs);
                log.onTrainEnd(logs);
            } catch (UncheckedIOException e) {
                assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                return;
            }
            long size = Files.size(f);
            assertTrue(size > file.length, "a line was appended");
            byte[] all = Files.readAllBytes(f);
            assertTrue(all[all.length - 1] == '\n', "the line ends the file");
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }
}
