package dev.myelin.backend;

public enum PoolMode { MAX, AVERAGE }
