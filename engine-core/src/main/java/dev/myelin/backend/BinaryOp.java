package dev.myelin.backend;

/** The elementwise binary operations of {@link Backend#binary}. */
public enum BinaryOp { ADD, SUB, MUL, DIV, MAX, MIN }
