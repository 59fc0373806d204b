package dev.myelin.optimizers.schedules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code PiecewiseConstantDecay}: {@code values[0]} up to and including step
 * {@code boundaries[0]}, {@code values[i]} for steps in {@code (boundaries[i-1], boundaries[i]]},
 * the last value after the last boundary.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;

    /** One more value than boundaries; boundaries increasing. */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        if (boundaries.length != values.length - 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: needs one value more than boundaries, got " + boundaries.length
                    + " boundaries and " + values.length + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase, got " + boundaries[i - 1]
                        + " then " + boundaries[i]);
            }
        }
        for (double v : values) ScheduleArgs.positive("PiecewiseConstantDecay", "each value", v);
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) if (step <= boundaries[i]) return values[i];
        return values[values.length - 1];
    }

    @Override
    public Map<String, Object> config() {
        List<Object> b = new ArrayList<>(), v = new ArrayList<>();
        for (long x : boundaries) b.add(x);
        for (double x : values) v.add(x);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", b);
        c.put("values", v);
        return c;
    }
}
