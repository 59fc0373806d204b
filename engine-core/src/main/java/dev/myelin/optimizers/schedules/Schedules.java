package dev.myelin.optimizers.schedules;

import java.util.Map;

import static dev.myelin.model.SettingsMap.flag;
import static dev.myelin.model.SettingsMap.number;
import static dev.myelin.model.SettingsMap.numbers;

/** Learning rate schedules recreated from Keras's class name and config, as a saved optimizer records them. */
public final class Schedules {
    private Schedules() {}

    /** The schedule of Keras class {@code className} with the arguments of {@code config}. */
    public static LearningRateSchedule get(String className, Map<String, Object> config) {
        return switch (className) {
            case "ExponentialDecay" -> new ExponentialDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "decay_rate"), flag(config, "staircase"));
            case "InverseTimeDecay" -> new InverseTimeDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "decay_rate"), flag(config, "staircase"));
            case "PiecewiseConstantDecay" -> {
                double[] b = numbers(config, "boundaries");
                long[] boundaries = new long[b.length];
                for (int i = 0; i < boundaries.length; i++) {
                    if (b[i] != Math.rint(b[i]) || Math.abs(b[i]) > 1e18) {
                        throw new IllegalArgumentException("field \"boundaries[" + i + "]\": expected an integer step, found " + b[i]);
                    }
                    boundaries[i] = (long) b[i];
                }
                yield new PiecewiseConstantDecay(boundaries, numbers(config, "values"));
            }
            case "PolynomialDecay" -> new PolynomialDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "end_learning_rate", 1e-4), number(config, "power", 1), flag(config, "cycle"));
            case "CosineDecay" -> new CosineDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "alpha", 0), config.get("warmup_target") == null ? null : number(config, "warmup_target", 0),
                    number(config, "warmup_steps", 0));
            case "CosineDecayRestarts" -> new CosineDecayRestarts(number(config, "initial_learning_rate"),
                    number(config, "first_decay_steps"), number(config, "t_mul", 2), number(config, "m_mul", 1),
                    number(config, "alpha", 0));
            default -> throw new IllegalArgumentException("unknown learning rate schedule \"" + className + "\"; known: ExponentialDecay, "
                    + "InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay, CosineDecayRestarts");
        };
    }
}
