package dev.bridle.access;

/**
 * A conservative reader of {@code sed} scripts that finds the commands able to run a program or touch a file other
 * than the ones on the command line: {@code e}, {@code r}, {@code R}, {@code w}, {@code W}, and the {@code e} and
 * {@code w} flags of {@code s}. It follows GNU sed's own scanner (a delimiter is escaped only by a backslash, also
 * inside brackets), and refuses whatever it does not recognise rather than guess.
 */
final class SedScript {

    private final String s;
    private int i;

    private SedScript(String script) {
        this.s = script;
    }

    /** Why the script is refused, or {@code null} when it only reads its input and writes standard output. */
    static String refusal(String script) {
        return new SedScript(script).scan();
    }

    private String scan() {
        while (true) {
            skip(" \t\n;");
            if (i >= s.length()) {
                return null;
            }
            String address = address();
            if (address != null) {
                return address;
            }
            skip(" \t");
            if (peek() == ',') {
                i++;
                skip(" \t");
                address = address();
                if (address != null) {
                    return address;
                }
                skip(" \t");
            }
            while (peek() == '!') {
                i++;
                skip(" \t");
            }
            if (i >= s.length()) {
                return "an address without a command";
            }
            char c = s.charAt(i++);
            switch (c) {
                case '{', '}', '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F' -> { }
                case '#', 'a', 'i', 'c' -> toEndOfLine();
                case ':', 'b', 't', 'T', 'v' -> toEndOfCommand();
                case 'q', 'Q', 'l', 'L' -> skip(" \t0123456789");
                case 's' -> {
                    String refusal = substitute();
                    if (refusal != null) {
                        return refusal;
                    }
                }
                case 'y' -> {
                    String refusal = delimited(2);
                    if (refusal != null) {
                        return refusal;
                    }
                }
                case 'e' -> {
                    return "sed command 'e' runs a program";
                }
                case 'r', 'R' -> {
                    return "sed command '" + c + "' reads a file the command line does not name";
                }
                case 'w', 'W' -> {
                    return "sed command '" + c + "' writes a file";
                }
                default -> {
                    return "sed command '" + c + "' is not one Bridle analyses";
                }
            }
        }
    }

    private String address() {
        char c = peek();
        if (c == '$') {
            i++;
        } else if (Character.isDigit(c) || c == '+' || c == '~') {
            i++;
            skip("0123456789~");
        } else if (c == '/' || c == '\\') {
            if (c == '\\') {
                i++;
                if (i >= s.length() || s.charAt(i) == '\n' || s.charAt(i) == '\\') {
                    return "an address with an unusable delimiter";
                }
            }
            String refusal = delimited(1);
            if (refusal != null) {
                return refusal;
            }
            skip("IM");
        }
        return null;
    }

    /** Reads {@code s/re/replacement/flags}, {@code i} at the delimiter; refuses the {@code e} and {@code w} flags. */
    private String substitute() {
        String refusal = delimited(2);
        if (refusal != null) {
            return refusal;
        }
        while (i < s.length()) {
            char f = s.charAt(i);
            if (f == 'e') {
                return "the 'e' flag of sed's 's' runs the pattern space as a command";
            }
            if (f == 'w') {
                return "the 'w' flag of sed's 's' writes a file";
            }
            if (f == 'g' || f == 'p' || f == 'i' || f == 'I' || f == 'm' || f == 'M' || Character.isDigit(f)) {
                i++;
            } else if (" \t\n;}#".indexOf(f) >= 0) {
                return null;
            } else {
                return "sed 's' flag '" + f + "' is not one Bridle analyses";
            }
        }
        return null;
    }

    /** Reads a delimiter and {@code parts} delimited parts after it, {@code i} at the delimiter. */
    private String delimited(int parts) {
        if (i >= s.length()) {
            return "an unterminated sed command";
        }
        char d = s.charAt(i++);
        if (d == '\n' || d == '\\') {
            return "a sed delimiter that is a newline or backslash";
        }
        for (int part = 0; part < parts; part++) {
            while (true) {
                if (i >= s.length()) {
                    return "an unterminated sed command";
                }
                char c = s.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == d) {
                    break;
                }
            }
        }
        return null;
    }

    private void toEndOfLine() {
        while (i < s.length() && s.charAt(i) != '\n') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
    }

    private void toEndOfCommand() {
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != ';') {
            i++;
        }
    }

    private void skip(String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }
}
