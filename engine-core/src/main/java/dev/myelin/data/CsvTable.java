package dev.myelin.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CSV file with a header line, read whole as text (RFC 4180: comma-separated, fields may be
 * quoted with {@code "}, a quote inside a quoted field doubled), then turned into numbers column by
 * column, the way a pandas user does the course's tabular labs:
 *
 * <pre>{@code
 * CsvTable cars = CsvTable.read(Path.of("cars.csv"));
 * float[][] x = cars.features("Age", "KM", "FuelType");   // FuelType is text: one-hot columns
 * float[] y = cars.numeric("Price");
 * }</pre>
 *
 * A cell that is empty or reads {@code NA}, {@code N/A}, {@code NaN}, {@code null} or {@code ?}
 * is missing; {@link #missing()} lists them, and asking for a column that has one is an error
 * naming its line. Every error names the file, the line and the column.
 */
public final class CsvTable {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");

    private final String source;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String[]> rows;

    private CsvTable(String source, List<String> columns, List<String[]> rows) {
        this.source = source;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) index.put(columns.get(i), i);
        this.rows = rows;
    }

    /** A missing cell: its data row (0-based, the header not counted) and its column. */
    public record Missing(int row, String column) {
        /** The line of the file it is on (1-based, the header being line 1). */
        public int line() { return row + 2; }
    }

    /** Reads a comma-separated UTF-8 file whose first line names the columns. */
    public static CsvTable read(Path file) throws IOException {
        return read(file, ',');
    }

    /** Reads a UTF-8 file separated by {@code delimiter} whose first line names the columns. */
    public static CsvTable read(Path file, char delimiter) throws IOException {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("a CSV delimiter cannot be " + describe(delimiter));
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            return parse(in, file.toString(), delimiter);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DataFileException(file + ": not UTF-8 text (" + e + ")");
        }
    }

    /** Parses CSV text; {@code source} names it in errors. */
    public static CsvTable parse(String text, String source) throws DataFileException {
        try {
            return parse(new BufferedReader(new java.io.StringReader(text)), source, ',');
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(source + ": " + e.getMessage());
        }
    }

    // Fields are the only allocation: their text, at most the file's length.
    private static CsvTable parse(BufferedReader in, String source, char delimiter) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(in, source, delimiter);
        List<String> header = reader.next();
        if (header == null) throw new DataFileException(source + ": empty file; expected a header line naming the columns");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            if (name.isEmpty()) throw new DataFileException(source + ", line 1: column " + (i + 1) + " has no name");
            Integer before = seen.put(name, i);
            if (before != null) {
                throw new DataFileException(source + ", line 1: column name '" + name + "' appears twice (columns "
                        + (before + 1) + " and " + (i + 1) + ")");
            }
            header.set(i, name);
        }
        List<String[]> rows = new ArrayList<>();
        List<String> fields;
        while ((fields = reader.next()) != null) {
            if (fields.size() == 1 && fields.get(0).isBlank()) continue; // a blank line, e.g. at the end
            if (fields.size() != header.size()) {
                throw new DataFileException(source + ", line " + reader.recordLine() + ": " + fields.size() + " fields, but the header names "
                        + header.size() + " columns");
            }
            rows.add(fields.toArray(String[]::new));
        }
        return new CsvTable(source, header, rows);
    }

    /** The file (or text) this table came from. */
    public String source() { return source; }

    /** The column names, in the file's order. */
    public List<String> columns() { return columns; }

    /** The number of data rows (the header not counted). */
    public int rows() { return rows.size(); }

    /** The raw text of a cell, leading and trailing spaces removed. */
    public String cell(int row, String column) {
        if (row < 0 || row >= rows.size()) throw new IndexOutOfBoundsException(source + ": row " + row + " of " + rows.size());
        return rows.get(row)[column(column)].strip();
    }

    /** Every missing cell, row by row. */
    public List<Missing> missing() {
        List<Missing> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (isMissing(rows.get(r)[c])) out.add(new Missing(r, columns.get(c)));
            }
        }
        return out;
    }

    /** The missing cells of {@code column}. */
    public List<Missing> missing(String column) {
        int c = column(column);
        List<Missing> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) if (isMissing(rows.get(r)[c])) out.add(new Missing(r, columns.get(c)));
        return out;
    }

    /** Whether every present value of {@code column} is a number (then {@link #features} keeps it as one column). */
    public boolean isNumeric(String column) {
        int c = column(column);
        for (String[] row : rows) {
            if (!isMissing(row[c]) && parseNumber(row[c]) == null) return false;
        }
        return true;
    }

    /** A numeric column; a missing value or text that is not a number is an error naming the line. */
    public float[] numeric(String column) throws DataFileException {
        int c = column(column);
        float[] out = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String cell = rows.get(r)[c].strip();
            if (isMissing(cell)) throw missingError(column, c);
            Float v = parseNumber(cell);
            if (v == null) {
                throw new DataFileException(source + ", line " + (r + 2) + ", column '" + columns.get(c) + "': \"" + shorten(cell)
                        + "\" is not a number; for a text column use oneHot(\"" + columns.get(c) + "\") or features(...)");
            }
            if (!Float.isFinite(v)) {
                throw new DataFileException(source + ", line " + (r + 2) + ", column '" + columns.get(c) + "': " + cell
                        + " does not fit a float32");
            }
            out[r] = v;
        }
        return out;
    }

    /** The distinct values of a categorical column, sorted (the order of its one-hot columns). */
    public List<String> categories(String column) throws DataFileException {
        int c = column(column);
        TreeSet<String> values = new TreeSet<>();
        for (String[] row : rows) {
            if (isMissing(row[c])) throw missingError(column, c);
            values.add(row[c].strip());
        }
        return List.copyOf(values);
    }

    /** A categorical column as one-hot rows, one column per {@link #categories category}. */
    public float[][] oneHot(String column) throws DataFileException {
        List<String> cats = categories(column);
        int c = column(column);
        float[][] out = new float[rows.size()][cats.size()];
        for (int r = 0; r < rows.size(); r++) out[r][Collections.binarySearch(cats, rows.get(r)[c].strip())] = 1;
        return out;
    }

    /**
     * Rows of features from the named columns, in that order: a numeric column gives one feature, a
     * text column one feature per category (one-hot). A missing value is an error naming its line.
     */
    public float[][] features(String... selected) throws DataFileException {
        if (selected.length == 0) throw new IllegalArgumentException(source + ": name at least one column");
        List<float[][]> parts = new ArrayList<>();
        int width = 0;
        for (String name : selected) {
            float[][] part = isNumeric(name) ? asColumn(numeric(name)) : oneHot(name);
            parts.add(part);
            width += part.length == 0 ? 0 : part[0].length;
        }
        float[][] out = new float[rows.size()][width];
        int at = 0;
        for (float[][] part : parts) {
            int w = part.length == 0 ? 0 : part[0].length;
            for (int r = 0; r < out.length; r++) System.arraycopy(part[r], 0, out[r], at, w);
            at += w;
        }
        return out;
    }

    /** The names of {@link #features}' columns: a numeric column's name, or {@code column=category}. */
    public List<String> featureNames(String... selected) throws DataFileException {
        List<String> names = new ArrayList<>();
        for (String name : selected) {
            if (isNumeric(name)) names.add(name);
            else for (String cat : categories(name)) names.add(name + "=" + cat);
        }
        return names;
    }

    private static float[][] asColumn(float[] v) {
        float[][] out = new float[v.length][1];
        for (int i = 0; i < v.length; i++) out[i][0] = v[i];
        return out;
    }

    private int column(String name) {
        Integer c = index.get(name);
        if (c == null) {
            throw new IllegalArgumentException(source + ": no column named '" + name + "'; the columns are " + columns);
        }
        return c;
    }

    private DataFileException missingError(String column, int c) {
        List<Missing> gaps = missing(column);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < Math.min(5, gaps.size()); i++) lines.append(i == 0 ? "" : ", ").append(gaps.get(i).line());
        if (gaps.size() > 5) lines.append(", ...");
        return new DataFileException(source + ", column '" + columns.get(c) + "': " + gaps.size() + " missing value"
                + (gaps.size() == 1 ? "" : "s") + " (line" + (gaps.size() == 1 ? " " : "s ") + lines
                + "); fill or drop those rows first");
    }

    private static boolean isMissing(String cell) {
        return MISSING.contains(cell.strip().toLowerCase(Locale.ROOT));
    }

    private static Float parseNumber(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) return null;
        char first = s.charAt(0);
        // Float.parseFloat also reads "Infinity", "0x1p3" and "1f": not numbers in a CSV file.
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) return null;
        char last = s.charAt(s.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) return null;
        if (s.indexOf('x') >= 0 || s.indexOf('X') >= 0) return null;
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String describe(char c) {
        return c == '"' ? "the quote character" : "a line break";
    }
}
