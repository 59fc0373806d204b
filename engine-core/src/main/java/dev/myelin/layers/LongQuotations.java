package dev.myelin.layers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error messages that quote what a file held stay readable when the file held megabytes: a quoted
 * string or an unbroken run of characters past {@value #LONG} characters is cut to its start and its
 * length, and the whole message to {@value #MAX} characters.
 */
public final class LongQuotations {
    static final int LONG = 200;
    static final int MAX = 4_000;
    private static final int KEPT = 60;
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]{" + LONG + ",}\"");
    private static final Pattern RUN = Pattern.compile("[^\\s\"]{" + LONG + ",}");

    private LongQuotations() {}

    /**
     * {@code message} with its long quotations cut.
     *
     * @param message an error message, possibly quoting file contents
     * @return the message, at most {@value #MAX} characters and with no quotation longer than about 90
     */
    public static String shorten(String message) {
        if (message == null || message.length() < LONG) return message;
        String s = cut(QUOTED.matcher(message), 1);
        s = cut(RUN.matcher(s), 0);
        return s.length() <= MAX ? s : s.substring(0, MAX) + "... (" + s.length() + " characters in all)";
    }

    /** Each match kept to its first {@link #KEPT} characters, {@code edge} being the width of its quote marks. */
    private static String cut(Matcher m, int edge) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group();
            String head = found.substring(0, edge + KEPT);
            String tail = found.substring(found.length() - edge);
            m.appendReplacement(out, Matcher.quoteReplacement(head + "..." + tail + " (" + (found.length() - 2 * edge) + " characters)"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
