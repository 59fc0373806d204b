package dev.myelin.cuda.ffm;

import java.util.List;

/** No file or loader entry gave the library; the message lists every place looked, in order. */
public class LibraryNotFoundException extends Exception {
    private final List<String> placesLooked;

    public LibraryNotFoundException(String message, List<String> placesLooked) {
        super(message);
        this.placesLooked = List.copyOf(placesLooked);
    }

    public List<String> placesLooked() { return placesLooked; }
}
