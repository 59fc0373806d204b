package dev.myelin.backend;

/** Max or average pooling. */
public enum PoolMode { MAX, AVERAGE }
