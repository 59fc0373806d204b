package dev.myelin.layers;

/**
 * A layer that draws random numbers while training (Dropout, the augmentation layers, recurrent
 * dropout): its draws are numbered, and the number of the next one is its position. A training
 * backup saves the positions and a resumed run sets them back, so the resumed run draws the same
 * masks as a run never interrupted (Keras keeps the same in its seed generators' state).
 */
public interface RandomStream {

    /** The number of the next draw. */
    long randomPosition();

    /** Sets the number of the next draw, as a restored backup does. */
    void seekRandom(long position);
}
