package org.chiso.io;

/**
 * How a delimited text file was written: its field separator and whether it began with a UTF-8 byte order mark.
 *
 * @param separator the field separator, one of {@code ','}, {@code ';'} or {@code '\t'}
 * @param bom whether the file began with a UTF-8 byte order mark (which was stripped)
 */
public record Dialect(char separator, boolean bom) {}
