package dev.myelin.benchmarks;

/** JVM options every benchmark fork needs: the Vector API module and FFM native access (CUDA). */
final class Jvm {
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    private Jvm() {}
}
