package dev.myelin.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Splits RFC 4180 text into records of fields; a quoted field may hold delimiters, quotes ({@code ""}) and line breaks. */
final class CsvRecordReader {
    private final Reader in;
    private final String source;
    private final char delimiter;
    private int line = 1;
    private int recordLine;
    private int pushedBack = -2;

    CsvRecordReader(Reader in, String source, char delimiter) {
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
    }

    /** The line the last record started on (1-based). */
    int recordLine() { return recordLine; }

    /** The next record's fields, or null at the end of the text. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) return null;
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new DataFileException(source + ", line " + recordLine + ": a quoted field is never closed (missing '\"')");
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') field.append('"');
                    else {
                        quoted = false;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append((char) c);
                }
            } else if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') unread(d);
                }
                if (c != -1) line++;
                fields.add(field.toString());
                return fields;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new DataFileException(source + ", line " + line + ": text after a closing quote in field " + (fields.size() + 1));
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
