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

    /**
     * The full form {@code bridle validate} prints: the one-line form, the JSON pointer, and the source line with a
     * caret under the column.
     */
    public String renderWithExcerpt(String sourceText) {
        StringBuilder sb = new StringBuilder(render()).append('\n');
        sb.append("    at ").append(pointer.isEmpty() ? "/" : pointer).append('\n');
        String[] lines = sourceText.split("\r?\n", -1);
        if (location.line() >= 1 && location.line() <= lines.length) {
            String number = String.valueOf(location.line());
            sb.append(' ').append(number).append(" | ").append(lines[location.line() - 1]).append('\n');
            sb.append(" ".repeat(number.length() + 1)).append(" | ")
                    .append(" ".repeat(Math.max(0, location.column() - 1))).append('^').append('\n');
        }
        return sb.toString();
    }

    /** The one-line form the CLI prints and the workbench shows: {@code FILE:LINE:COL: message}. */
    public String render() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
