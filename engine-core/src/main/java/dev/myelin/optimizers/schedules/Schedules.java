package dev.myelin.optimizers.schedules;

import java.util.List;
import java.util.Map;

import static dev.myelin.optimizers.schedules.ScheduleArgs.flag;
import static dev.myelin.optimizers.schedules.ScheduleArgs.number;

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
                List<?> b = (List<?>) config.get("boundaries"), v = (List<?>) config.get("values");
                long[] boundaries = new long[b.size()];
                double[] values = new double[v.size()];
                for (int i = 0; i < boundaries.length; i++) boundaries[i] = ((Number) b.get(i)).longValue();
                for (int i = 0; i < values.length; i++) values[i] = ((Number) v.get(i)).doubleValue();
                yield new PiecewiseConstantDecay(boundaries, values);
            }
            case "PolynomialDecay" -> new PolynomialDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "end_learning_rate", 1e-4), number(config, "power", 1), flag(config, "cycle"));
            case "CosineDecay" -> new CosineDecay(number(config, "initial_learning_rate"), number(config, "decay_steps"),
                    number(config, "alpha", 0), config.get("warmup_target") instanceof Number n ? n.doubleValue() : null,
                    number(config, "warmup_steps", 0));
            case "CosineDecayRestarts" -> new CosineDecayRestarts(number(config, "initial_learning_rate"),
                    number(config, "first_decay_steps"), number(config, "t_mul", 2), number(config, "m_mul", 1),
                    number(config, "alpha", 0));
            default -> throw new IllegalArgumentException("unknown learning rate schedule \"" + className + "\"; known: ExponentialDecay, "
                    + "InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay, CosineDecayRestarts");
        };
    }
}
