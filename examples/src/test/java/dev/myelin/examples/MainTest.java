package dev.myelin.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The command line's answers to mistakes: a message and the usage or the file's name, never a stack trace. */
class MainTest {
    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsage() {
        Outcome o = run("help");
        assertEquals(0, o.status());
        assertTrue(o.out().startsWith("usage: myelin <command>"), o.out());
        assertTrue(o.out().contains("--batch-size N"));
        assertEquals(0, run("train", "--help").status(), "--help after a command prints the usage too");
    }

    @Test
    void helpListsEveryCommandOfTheLauncher() throws java.io.IOException {
        // The launcher's own commands (test, bench, install, ...) are its `case` labels; the rest reach Main.
        java.nio.file.Path file = java.nio.file.Path.of("..", "myelin");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(file),
                "needs the source tree's launcher, ../myelin (the distribution's test run has its own)");
        String launcher = java.nio.file.Files.readString(file);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^    ([a-z-]+)\\)$").matcher(launcher);
        String usage = run("help").out();
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(usage.contains("\n  " + m.group(1) + " "), "help does not list the launcher's '" + m.group(1) + "' command");
        }
        assertTrue(found >= 4, "the launcher's commands were not found in ../myelin (" + found + ")");
    }

    @Test
    void unknownFlagGivesUsageNotStackTrace() {
        Outcome o = run("train", "--epoks", "3");
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("myelin: unknown flag --epoks for 'train'"), o.err());
        assertTrue(o.err().contains("usage: myelin"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void unknownCommand() {
        Outcome o = run("fit");
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("myelin: unknown command 'fit'"), o.err());
    }

    @Test
    void missingModelFileIsNamed() {
        Path model = dir.resolve("absent.myelin");
        Outcome o = run("evaluate", "--model", model.toString());
        assertEquals(1, o.status());
        assertTrue(o.err().contains(model + ": no such model file"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void evaluateNeedsModel() {
        Outcome o = run("evaluate");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("'evaluate' needs --model"), o.err());
    }

    @Test
    void missingDataFolderIsNamedBeforeTraining() {
        Path data = dir.resolve("no-mnist-here");
        Outcome o = run("train", "--data", data.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, o.status());
        assertTrue(o.err().contains(data + ": no such folder"), o.err());
        assertFalse(o.out().contains("Epoch"), "failed before training");
    }

    @Test
    void aDamagedModelFileIsNamedNotAStackTrace() throws java.io.IOException {
        Path model = java.nio.file.Files.writeString(dir.resolve("junk.myelin"), "PK\u0003\u0004 not really a zip");
        Outcome o = run("evaluate", "--model", model.toString());
        assertEquals(1, o.status());
        assertTrue(o.err().startsWith("myelin: cannot load a model from " + model + ": not a valid zip"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aDamagedMnistFileIsNamedNotAStackTrace() throws java.io.IOException {
        Path data = java.nio.file.Files.createDirectory(dir.resolve("mnist"));
        for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"}) {
            java.nio.file.Files.write(data.resolve(name), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2});
        }
        Outcome o = run("train", "--data", data.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, o.status());
        assertTrue(o.err().startsWith("myelin: " + data.resolve("train-images-idx3-ubyte.gz") + ": "), o.err());
        assertFalse(o.err().contains("\tat ") || o.err().contains("java.io.EOFException"), o.err());
    }
}
