package dev.myelin.backend;

/** {@code x op s} for a host scalar {@code s}; {@code RSUB} is {@code s - x}, {@code RDIV} is {@code s / x}, {@code POW} is {@code x^s}, {@code MAX}/{@code MIN} clip. */
public enum ScalarOp { ADD, MUL, RSUB, RDIV, POW, MAX, MIN }
