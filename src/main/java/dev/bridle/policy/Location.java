package dev.bridle.policy;

/**
 * A position in a source document: the file as the user named it, and a 1-based line and column.
 */
public record Location(String file, int line, int column) {

    /** The start of a file, for problems that concern the file as a whole (it is missing, it is empty). */
    public static Location startOf(String file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
