package dev.bridle.access;

import dev.bridle.access.ShellCommand.Refused;
import dev.bridle.access.ShellCommand.Simple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The tokenizer behind {@link ShellCommand#parse}. */
final class ShellWords {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);

    private ShellWords() {}

    static ShellCommand split(String line, Set<String> named) {
        if (line == null || line.isBlank()) {
            return new Refused("empty command");
        }
        if (line.length() > ShellCommand.MAX_LENGTH) {
            return new Refused("longer than " + ShellCommand.MAX_LENGTH + " characters");
        }
        List<String> words = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        StringBuilder word = null;
        boolean wordQuoted = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    quoted.add(wordQuoted);
                    word = null;
                    if (words.size() > ShellCommand.MAX_WORDS) {
                        return new Refused("more than " + ShellCommand.MAX_WORDS + " words");
                    }
                }
                continue;
            }
            String operator = operator(line, i, word == null);
            if (operator != null) {
                return new Refused(operator);
            }
            if (word == null) {
                word = new StringBuilder();
                wordQuoted = false;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    return new Refused("trailing backslash");
                }
                char next = line.charAt(++i);
                if (next == '\n' || next == '\r') {
                    return new Refused("line continuation");
                }
                word.append(next);
                wordQuoted = true;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return new Refused("unterminated single quote");
                }
                word.append(line, i + 1, end);
                wordQuoted = true;
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = line.charAt(j);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && j + 1 < n && "\"\\$`\n".indexOf(line.charAt(j + 1)) >= 0) {
                        if (line.charAt(j + 1) == '\n') {
                            return new Refused("line continuation");
                        }
                        word.append(line.charAt(j + 1));
                        j += 2;
                        continue;
                    }
                    if (d == '`') {
                        return new Refused("command substitution with backticks");
                    }
                    if (d == '$') {
                        return new Refused(dollar(line, j));
                    }
                    word.append(d);
                    j++;
                }
                if (!closed) {
                    return new Refused("unterminated double quote");
                }
                wordQuoted = true;
                i = j;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
            quoted.add(wordQuoted);
        }
        if (words.isEmpty()) {
            return new Refused("empty command");
        }
        if (words.size() > ShellCommand.MAX_WORDS) {
            return new Refused("more than " + ShellCommand.MAX_WORDS + " words");
        }
        String first = words.getFirst();
        if (!quoted.getFirst()) {
            if (ShellCommand.KEYWORDS.contains(first)) {
                return new Refused("shell keyword '" + first + "' opens a compound command");
            }
            if (ASSIGNMENT.matcher(first).matches()) {
                return new Refused("environment assignment before the command (" + first + ")");
            }
        }
        if (first.isEmpty()) {
            return new Refused("empty program name");
        }
        String refusal = ProgramArguments.analyse(words, named).refusal();
        return refusal != null ? new Refused(refusal) : new Simple(words);
    }

    /** The refusal for an unquoted operator character at {@code i}, or {@code null} when it is ordinary. */
    private static String operator(String line, int i, boolean wordStart) {
        char c = line.charAt(i);
        char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
        return switch (c) {
            case ';' -> "command list with ';'";
            case '&' -> next == '&' ? "command list with '&&'" : "background or redirection with '&'";
            case '|' -> next == '|' ? "command list with '||'" : "pipeline with '|'";
            case '\n', '\r' -> "more than one line";
            case '`' -> "command substitution with backticks";
            case '$' -> dollar(line, i);
            case '(' -> "subshell or group with '('";
            case ')' -> "subshell or group with ')'";
            case '{', '}' -> "command group or brace expansion with '" + c + "'";
            case '<' -> "input redirection with '<'";
            case '>' -> "output redirection with '>'";
            case '#' -> wordStart ? "comment with '#'" : null;
            // The built-in shell tool passes these literally, but a tool that hands the line to a real shell (a
            // declared runs: tool, an embedding program) would expand them into names no check has seen.
            case '*', '?', '[' -> "pathname expansion with '" + c + "' (quote it: a shell would expand it)";
            case '~' -> wordStart || "=:".indexOf(i > 0 ? line.charAt(i - 1) : ' ') >= 0
                    ? "tilde expansion with '~' (quote it: a shell would expand it to a home folder)" : null;
            case '\0' -> "NUL character";
            default -> null;
        };
    }

    private static String dollar(String line, int i) {
        char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
        return switch (next) {
            case '(' -> "command substitution with '$('";
            case '{' -> "parameter expansion with '${'";
            case '\'' -> "ANSI-C quoting with $'...'";
            default -> "parameter expansion with '$' (single-quote a literal '$')";
        };
    }
}
