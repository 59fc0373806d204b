package dev.myelin.callbacks;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Python's {@code str.format} that Keras's checkpoint file names use:
 * {@code "ckpt-{epoch:02d}-{val_loss:.2f}.myelin"}. A field is {@code {name}} or
 * {@code {name:spec}} with spec {@code [0][width][.precision][d|f|e|g|%]}; {@code {{} and {@code }}}
 * are literal braces. A bare float field prints as Python's {@code str(float)}.
 */
final class PathTemplate {
    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?}");
    private static final Pattern SPEC = Pattern.compile("(0)?(\\d+)?(?:\\.(\\d+))?([dfeg%])?");

    private PathTemplate() {}

    /** Fills {@code template}'s fields from {@code values} (an integer value formats as an integer). */
    static String format(String template, Map<String, ? extends Number> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = m.group();
            String replacement;
            if (text.equals("{{")) replacement = "{";
            else if (text.equals("}}")) replacement = "}";
            else {
                String name = m.group(1);
                Number v = values.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("cannot fill the file name \"" + template + "\": no value named '" + name
                            + "' (there are: " + String.join(", ", values.keySet()) + ")");
                }
                replacement = field(template, v, m.group(2));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String field(String template, Number v, String spec) {
        boolean integral = v instanceof Integer || v instanceof Long;
        if (spec == null || spec.isEmpty()) return integral ? v.toString() : PythonFloat.repr(v.doubleValue());
        Matcher s = SPEC.matcher(spec);
        if (!s.matches()) throw new IllegalArgumentException("file name \"" + template + "\": format spec \"" + spec + "\" is not supported");
        String zero = s.group(1) == null ? "" : "0", width = s.group(2) == null ? "" : s.group(2);
        String precision = s.group(3);
        char type = s.group(4) == null ? (integral ? 'd' : 'g') : s.group(4).charAt(0);
        if (type == 'd') {
            if (!integral && v.doubleValue() != Math.rint(v.doubleValue())) {
                throw new IllegalArgumentException("file name \"" + template + "\": {...:" + spec + "} needs an integer, got " + v);
            }
            return String.format(Locale.ROOT, "%" + zero + width + "d", v.longValue());
        }
        double d = v.doubleValue();
        String p = "." + (precision == null ? "6" : precision);
        return switch (type) {
            case 'f' -> String.format(Locale.ROOT, "%" + zero + width + p + "f", d);
            case 'e' -> String.format(Locale.ROOT, "%" + zero + width + p + "e", d); // 1.500000e-05, as Python writes it
            case '%' -> String.format(Locale.ROOT, "%" + zero + (width.isEmpty() ? "" : String.valueOf(Integer.parseInt(width) - 1))
                    + p + "f", d * 100) + "%";
            default -> String.format(Locale.ROOT, "%" + zero + width + "s", PythonFloat.general(d, precision == null ? 6 : Integer.parseInt(precision)));
        };
    }
}
