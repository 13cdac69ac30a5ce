package dev.bridle.policy;

/**
 * One thing wrong with a document, located precisely enough that an editor can jump to it.
 *
 * @param severity whether the document can still be used
 * @param location file, line and column
 * @param pointer the JSON pointer of the offending element ({@code ""} for the whole document)
 * @param message what is wrong and, where possible, what to do about it
 */
public record Problem(Severity severity, Location location, String pointer, String message) {

    /** How bad a problem is. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(Location location, String pointer, String message) {
        return new Problem(Severity.ERROR, location, pointer, message);
    }

    public static Problem warning(Location location, String pointer, String message) {
        return new Problem(Severity.WARNING, location, pointer, message);
    }

    /** The one-line form the CLI prints and the workbench shows: {@code FILE:LINE:COL: message}. */
    public String render() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
