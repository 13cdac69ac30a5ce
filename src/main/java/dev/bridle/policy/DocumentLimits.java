package dev.bridle.policy;

/**
 * The limits every document Bridle reads is held to, documented here and nowhere else: a file larger than its kind
 * allows is refused before it is read, and the parsers refuse any line, value, key, number or nesting past these
 * bounds, so that reading takes time and memory in proportion to the file's size.
 *
 * @param kind what the document is, as a message names it ({@code a harness})
 * @param maxBytes the largest file of this kind that is read
 */
public record DocumentLimits(String kind, int maxBytes) {

    private static final int MIB = 1024 * 1024;

    /** A harness: a policy document, typically a few kilobytes. */
    public static final DocumentLimits HARNESS = new DocumentLimits("a harness", 4 * MIB);

    /** A scenario: larger than a harness, since scripted answers and tool stubs can carry long texts. */
    public static final DocumentLimits SCENARIO = new DocumentLimits("a scenario", 16 * MIB);

    /**
     * The longest line of a YAML document, in characters. The YAML scanner copies its read window once per 1,024
     * characters of a token, so one token costs the square of its length; a token never spans a line break, so
     * bounding the line keeps every token, and the whole read, linear. JSON documents have no line limit.
     */
    public static final int MAX_LINE_CHARS = 16 * 1024;

    /** The deepest nesting of mappings and lists; a real harness is under ten levels deep. */
    public static final int MAX_DEPTH = 64;

    /** The longest single text value, in characters. */
    public static final int MAX_VALUE_CHARS = MIB;

    /** The longest key, in characters: keys are ids and names. */
    public static final int MAX_KEY_CHARS = 1024;

    /** The longest number, in digits: longer numbers cost more than linear time to convert. */
    public static final int MAX_NUMBER_DIGITS = 100;

    /** The size limit as a message says it: {@code 4 MiB}. */
    public String size() {
        return maxBytes % MIB == 0 ? maxBytes / MIB + " MiB" : maxBytes + " bytes";
    }
}
