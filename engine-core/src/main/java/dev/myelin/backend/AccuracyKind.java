package dev.myelin.backend;

/** Keras's three accuracies; {@code "accuracy"} resolves to one from the loss and output shape. */
public enum AccuracyKind {
    /** Output {@code (N, 1)} or {@code (N)} compared with {@code threshold}; labels 0/1 of the same size. */
    BINARY,
    /** Output {@code (N, C)}; one-hot labels {@code (N, C)}; right when the argmaxes agree. */
    CATEGORICAL,
    /** Output {@code (N, C)}; labels {@code (N)} class indices. */
    SPARSE_CATEGORICAL
}
