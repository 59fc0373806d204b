package dev.myelin.backend;

public enum BinaryOp { ADD, SUB, MUL, DIV, MAX, MIN }
