package dev.myelin.examples;

import dev.myelin.data.DataFileException;
import dev.myelin.data.Idx;
import dev.myelin.data.Mnist;

import java.io.IOException;
import java.io.InputStream;

/**
 * The MNIST subset shipped inside the examples jar (resources {@code /mnist/}): the first 10,000
 * training and first 2,000 test images, so that training and tests need no download. See the
 * README beside the files for the licence (CC BY-SA 3.0).
 */
public final class EmbeddedMnist {
    private static final String FOLDER = "/mnist/";

    private EmbeddedMnist() {}

    public static Mnist load() throws IOException {
        return new Mnist(
                Mnist.dataset(read(Mnist.TRAIN_IMAGES), read(Mnist.TRAIN_LABELS)),
                Mnist.dataset(read(Mnist.TEST_IMAGES), read(Mnist.TEST_LABELS)));
    }

    private static Idx.Contents read(String name) throws IOException {
        String resource = FOLDER + name + ".gz";
        try (InputStream in = EmbeddedMnist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataFileException("resource " + resource + " is missing from the class path"
                        + " (is the examples jar built from a complete checkout?)");
            }
            return Idx.read(in, "resource " + resource);
        }
    }
}
