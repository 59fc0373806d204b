package dev.myelin.data;

import java.io.IOException;

/** A data file that is missing, truncated or corrupt; the message names the file and what was wrong. */
public class DataFileException extends IOException {
    /** An error whose message starts with the file's name. */
    public DataFileException(String message) {
        super(message);
    }
}
