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

    /** The widest source excerpt shown under a problem, in characters. */
    private static final int EXCERPT_WIDTH = 120;

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
            String line = lines[location.line() - 1];
            int caret = Math.max(0, location.column() - 1);
            // A very long line is shown as a window around the column, so one problem prints a screenful at most.
            if (line.length() > EXCERPT_WIDTH) {
                int from = Math.max(0, Math.min(caret - EXCERPT_WIDTH / 2, line.length() - EXCERPT_WIDTH));
                int to = Math.min(line.length(), from + EXCERPT_WIDTH);
                caret = caret - from + (from > 0 ? 1 : 0);
                line = (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "");
            }
            sb.append(' ').append(number).append(" | ").append(line).append('\n');
            sb.append(" ".repeat(number.length() + 1)).append(" | ")
                    .append(" ".repeat(caret)).append('^').append('\n');
        }
        return sb.toString();
    }

    /** The one-line form the CLI prints and the workbench shows: {@code FILE:LINE:COL: message}. */
    public String render() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
