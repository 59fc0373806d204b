package dev.myelin.layers;

import dev.myelin.tensor.Shape;

/**
 * An architecture needs more weight values than a {@link WeightFactory} was limited to (what a saved
 * weights file holds); thrown before the parameter that would pass the limit is allocated.
 */
public class WeightLimitException extends IllegalStateException {
    private final long needed;
    private final long limit;

    /** {@code needed}: the values counted so far including {@code shape}'s; {@code limit}: the cap. */
    public WeightLimitException(long needed, long limit, Shape shape) {
        super("the architecture needs at least " + needed + " weight values (a parameter of shape " + shape
                + " among them) but only " + limit + " are allowed");
        this.needed = needed;
        this.limit = limit;
    }

    /** The same limit passed, said to be in {@code layer} (e.g. {@code Dense 'dense'}). */
    public WeightLimitException(WeightLimitException e, String layer) {
        super(layer + ": " + e.getMessage(), e);
        this.needed = e.needed;
        this.limit = e.limit;
    }

    /** Values counted when the limit was passed (at least this many are needed). */
    public long needed() { return needed; }

    /** The limit that was passed. */
    public long limit() { return limit; }
}
