package dev.myelin.examples;

/** What the runnable course labs share. */
final class Labs {
    private Labs() {}

    /** {@code first} followed by {@code rest}: a lab's {@code main} runs {@code myelin <lab> args...}. */
    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
