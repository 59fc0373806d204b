package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.optimizers.schedules.Schedules;

import java.util.Locale;
import java.util.Map;

import static dev.myelin.model.SettingsMap.flag;
import static dev.myelin.model.SettingsMap.number;
import static dev.myelin.model.SettingsMap.shorten;

/** Optimizers by their Keras names (any case: {@code "adam"}, {@code "Adam"}), with Keras's default settings. */
public final class Optimizers {
    private static final String KNOWN = "sgd, adam, adamw, rmsprop, adagrad, adadelta, adamax, nadam, lion";

    private Optimizers() {}

    /** The optimizer named {@code name} with Keras's defaults. */
    public static Optimizer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "adam" -> new Adam();
            case "adamw" -> new AdamW();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            case "adamax" -> new Adamax();
            case "nadam" -> new Nadam();
            case "lion" -> new Lion();
            default -> throw new IllegalArgumentException("unknown optimizer \"" + name + "\"; known: " + KNOWN);
        };
    }

    /**
     * The optimizer named {@code name} with the settings of its {@link Optimizer#config()}, as a saved
     * model records them; its state comes back separately ({@link Optimizer#variables}).
     *
     * @throws IllegalArgumentException naming the setting when one is of the wrong type or out of range
     */
    public static Optimizer get(String name, Map<String, Object> config) {
        Object rate = config.get("learning_rate");
        LearningRateSchedule schedule = null;
        double lr = Double.NaN;
        if (rate instanceof Map<?, ?> s) {
            if (!(s.get("class_name") instanceof String scheduleName) || !(s.get("config") instanceof Map<?, ?> scheduleConfig)) {
                throw new IllegalArgumentException("field \"learning_rate\": expected a number or a schedule {\"class_name\": ..., "
                        + "\"config\": {...}}, found " + shorten(s));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) scheduleConfig;
            try {
                schedule = Schedules.get(scheduleName, args);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field \"learning_rate\": " + e.getMessage(), e);
            }
        } else if (rate != null) {
            lr = number(config, "learning_rate", Double.NaN);
        }
        Optimizer o = switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> (schedule != null ? new SGD(schedule) : new SGD(orDefault(lr, 0.01)))
                    .momentum(number(config, "momentum", 0)).nesterov(flag(config, "nesterov"));
            case "adam", "adamw" -> {
                boolean w = name.equalsIgnoreCase("adamw");
                Adam a = schedule != null ? (w ? new AdamW(schedule) : new Adam(schedule))
                        : (w ? new AdamW(orDefault(lr, 0.001)) : new Adam(orDefault(lr, 0.001)));
                yield a.beta1(number(config, "beta_1", 0.9)).beta2(number(config, "beta_2", 0.999))
                        .epsilon(number(config, "epsilon", 1e-7)).amsgrad(flag(config, "amsgrad"));
            }
            case "rmsprop" -> (schedule != null ? new RMSprop(schedule) : new RMSprop(orDefault(lr, 0.001)))
                    .rho(number(config, "rho", 0.9)).momentum(number(config, "momentum", 0))
                    .epsilon(number(config, "epsilon", 1e-7)).centered(flag(config, "centered"));
            case "adagrad" -> (schedule != null ? new Adagrad(schedule) : new Adagrad(orDefault(lr, 0.001)))
                    .initialAccumulatorValue(number(config, "initial_accumulator_value", 0.1)).epsilon(number(config, "epsilon", 1e-7));
            case "adadelta" -> (schedule != null ? new Adadelta(schedule) : new Adadelta(orDefault(lr, 0.001)))
                    .rho(number(config, "rho", 0.95)).epsilon(number(config, "epsilon", 1e-7));
            case "adamax" -> (schedule != null ? new Adamax(schedule) : new Adamax(orDefault(lr, 0.001)))
                    .beta1(number(config, "beta_1", 0.9)).beta2(number(config, "beta_2", 0.999)).epsilon(number(config, "epsilon", 1e-7));
            case "nadam" -> (schedule != null ? new Nadam(schedule) : new Nadam(orDefault(lr, 0.001)))
                    .beta1(number(config, "beta_1", 0.9)).beta2(number(config, "beta_2", 0.999)).epsilon(number(config, "epsilon", 1e-7));
            case "lion" -> (schedule != null ? new Lion(schedule) : new Lion(orDefault(lr, 0.001)))
                    .beta1(number(config, "beta_1", 0.9)).beta2(number(config, "beta_2", 0.99));
            default -> throw new IllegalArgumentException("unknown optimizer \"" + name + "\"; known: " + KNOWN);
        };
        if (config.get("weight_decay") != null) o.weightDecay(number(config, "weight_decay", 0));
        if (config.get("clipnorm") != null) o.clipnorm(number(config, "clipnorm", 0));
        if (config.get("global_clipnorm") != null) o.globalClipnorm(number(config, "global_clipnorm", 0));
        if (config.get("clipvalue") != null) o.clipvalue(number(config, "clipvalue", 0));
        return o;
    }

    private static double orDefault(double value, double otherwise) {
        return Double.isNaN(value) ? otherwise : value;
    }
}
