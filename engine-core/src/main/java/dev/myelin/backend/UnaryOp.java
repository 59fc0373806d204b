package dev.myelin.backend;

/** Elementwise unary functions, for losses and layers composed of ops. */
public enum UnaryOp { NEG, EXP, LOG, ABS, SQUARE, SQRT, SIGN, RECIPROCAL }
