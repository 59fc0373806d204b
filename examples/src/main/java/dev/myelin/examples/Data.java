package dev.myelin.examples;

import dev.myelin.data.Mnist;

import java.io.IOException;
import java.nio.file.Path;

/** The MNIST a command works on: the folder given with {@code --data}, else the embedded subset; and how to name it. */
record Data(Mnist mnist, String description) {

    static Data load(Flags flags) throws IOException {
        Path dir = flags.path("data", null);
        Mnist m = dir == null ? EmbeddedMnist.load() : Mnist.load(dir);
        String where = dir == null ? "embedded MNIST subset" : "MNIST from " + dir;
        return new Data(m, where + " (" + m.train().size() + " training, " + m.test().size() + " test images)");
    }
}
