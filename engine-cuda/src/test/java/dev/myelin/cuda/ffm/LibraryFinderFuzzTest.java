package dev.myelin.cuda.ffm;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz test of the one file the library finder reads itself: the first bytes of a candidate library,
 * checked for the ELF magic before it is handed to {@code dlopen}. Whatever the file holds the check
 * answers, never throws, and answers yes exactly for {@code 7f 'E' 'L' 'F'}. The corpus is committed
 * in {@code src/test/resources/dev/myelin/cuda/ffm/LibraryFinderFuzzTestInputs}.
 */
class LibraryFinderFuzzTest {
    @FuzzTest
    void elfCheck(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-elf");
        Path f = dir.resolve("libfuzz.so.1");
        try {
            Files.write(f, file);
            boolean elf = file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
            assertEquals(elf, LibraryFinder.isElf(f));
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }
}
