package dev.myelin.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subcommand's {@code --name value} (or {@code --name=value}) flags, checked against the names it
 * accepts. Every flag takes a value; there are no positional arguments.
 */
public final class Flags {
    private final String command;
    private final Map<String, String> values;

    private Flags(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    /** Parses {@code args} for {@code command}, accepting only the flag names in {@code accepted} (without dashes). */
    public static Flags parse(String command, List<String> args, List<String> accepted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("'" + command + "' takes flags only, got '" + arg + "'");
            }
            String name = arg.substring(2), value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!accepted.contains(name)) {
                throw new UsageException("unknown flag --" + name + " for '" + command + "'"
                        + (accepted.isEmpty() ? "; it takes no flags" : "; it takes " + dashed(accepted)));
            }
            if (value == null) {
                if (i + 1 >= args.size()) throw new UsageException("--" + name + " needs a value");
                value = args.get(++i);
            }
            if (values.put(name, value) != null) throw new UsageException("--" + name + " given twice");
        }
        return new Flags(command, values);
    }

    private static String dashed(List<String> names) {
        return String.join(", ", names.stream().map(n -> "--" + n).toList());
    }

    public boolean has(String name) { return values.containsKey(name); }

    public String string(String name, String otherwise) { return values.getOrDefault(name, otherwise); }

    public Path path(String name, Path otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : Path.of(v);
    }

    /** The flag's value as an int of at least {@code min}, or {@code otherwise} when absent. */
    public int positiveInt(String name, int otherwise, int min) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, got '" + v + "'");
        }
    }

    /** The flag's value as a finite number above 0, or {@code otherwise} when absent. */
    public double positiveDouble(String name, double otherwise) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0 && Double.isFinite(d))) throw new UsageException("--" + name + " must be a number above 0, got " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number, got '" + v + "'");
        }
    }

    public long longValue(String name, long otherwise) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, got '" + v + "'");
        }
    }

    /** A required flag's value. */
    public String required(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("'" + command + "' needs --" + name);
        return v;
    }

    /** The flags as given, for the record in history.json. */
    public Map<String, String> asMap() { return Map.copyOf(values); }
}
