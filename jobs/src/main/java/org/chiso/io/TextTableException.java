package org.chiso.io;

import java.io.IOException;

/** A delimited text file that cannot be read at all; the message reads {@code file.csv:12: problem}. */
public final class TextTableException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final int line;

    /** Creates the exception for {@code problem} at 1-based {@code line} of {@code fileName}. */
    public TextTableException(String fileName, int line, String problem) {
        super(fileName + ":" + line + ": " + problem);
        this.fileName = fileName;
        this.line = line;
    }

    /** The name of the file being read. */
    public String fileName() {
        return fileName;
    }

    /** The 1-based physical line of the problem. */
    public int line() {
        return line;
    }
}
