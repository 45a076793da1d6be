package io.github.cameliterable.state;

/**
 * A text the row hash can take as bytes (a record's identity): written straight into the hash's input where it is all
 * ASCII with nothing to escape, its UTF-8 bytes being then its characters.
 */
@FunctionalInterface
public interface AsciiText {
    /**
     * Writes the text into {@code into} from {@code at}, before {@code end}, and returns where it ends; -1 when it
     * does not fit or has a character past ASCII or one JSON escapes (the hash then takes it as text, with the same
     * result).
     */
    int writeAscii(byte[] into, int at, int end);
}
