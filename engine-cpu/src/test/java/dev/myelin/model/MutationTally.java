package dev.myelin.model;

import java.util.Map;
import java.util.TreeMap;

/** What a mutation run saw: cases per category (documented exceptions, correct loads), the slowest and the most allocating case. */
final class MutationTally {
    private final Map<String, int[]> counts = new TreeMap<>(); // category -> {exceptions, loads}
    private long slowest, mostAllocated;
    private String slowestCase = "", mostAllocatedCase = "";

    /** Counts one case of {@code category}, named {@code what}, that took {@code nanos} and allocated {@code bytes}. */
    void add(String category, String what, boolean loaded, long nanos, long bytes) {
        if (nanos > slowest) {
            slowest = nanos;
            slowestCase = what;
        }
        if (bytes > mostAllocated) {
            mostAllocated = bytes;
            mostAllocatedCase = what;
        }
        counts.computeIfAbsent(category, k -> new int[2])[loaded ? 1 : 0]++;
    }

    /** Prints the tally of the {@code kind} files mutated so far. */
    void report(String kind) {
        int total = 0;
        StringBuilder b = new StringBuilder();
        for (var e : counts.entrySet()) {
            int[] n = e.getValue();
            total += n[0] + n[1];
            b.append(String.format("  %-22s %6d cases: %6d documented exceptions, %5d correct loads%n", e.getKey(), n[0] + n[1], n[0], n[1]));
        }
        System.out.printf("mutation run, %s files (%s, heap %d MiB): %d cases, slowest %.1f ms (%s), most allocated %d KiB (%s)%n%s",
                kind, MutationRunTest.FULL ? "full" : "sampled", Runtime.getRuntime().maxMemory() >> 20, total, slowest / 1e6, slowestCase,
                mostAllocated >> 10, mostAllocatedCase, b);
    }
}
