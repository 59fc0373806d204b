package dev.myelin.benchmarks;

import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.model.Sequential;

/** The networks the step and inference benchmarks train: an MLP and the CLI's LeNet. */
final class Models {
    private Models() {}

    /** 784-128-64-10, relu, logits out. */
    static Sequential mlp() {
        return new Sequential(new Input(784), new Dense(128).activation("relu"), new Dense(64).activation("relu"),
                new Dense(10)).seed(1);
    }

    /** Conv 20 5x5 relu, pool 2, conv 50 5x5 relu, pool 2, Dense 500 relu, Dense 10 (431,080 parameters). */
    static Sequential lenet() {
        return new Sequential(new Input(28, 28, 1), new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
                new Conv2D(50, 5).activation("relu"), new MaxPooling2D(2), new Flatten(),
                new Dense(500).activation("relu"), new Dense(10)).seed(1);
    }

    static Sequential byName(String name) {
        return switch (name) {
            case "mlp" -> mlp();
            case "lenet" -> lenet();
            default -> throw new IllegalArgumentException("unknown model " + name + "; known: mlp, lenet");
        };
    }
}
