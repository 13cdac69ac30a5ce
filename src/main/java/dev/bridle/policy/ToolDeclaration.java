package dev.bridle.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one tool touches, and through which of its arguments: {@code read_file: { reads: file_path }}. The permission
 * gate, the runtime and the loop guard take the path, host or command of a call from the declared argument, never
 * from a guessed one.
 *
 * @param touch what the argument names: a file read or written, a command run, a URL fetched, or nothing checkable
 * @param argument the name of the argument that names it; empty for {@link Touch#NOTHING}
 * @param whenAbsent the value a built-in tool takes when the argument is missing ({@code fs.list} lists the
 *     workspace's root); a declared tool has none, so a call without its argument is refused
 */
public record ToolDeclaration(Touch touch, String argument, Optional<String> whenAbsent) {

    /** A tool that names nothing the gate can check: rules match it by name only. */
    public static final ToolDeclaration NOTHING = new ToolDeclaration(Touch.NOTHING, "", Optional.empty());

    public ToolDeclaration {
        Objects.requireNonNull(touch, "touch");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(whenAbsent, "whenAbsent");
        if ((touch == Touch.NOTHING) != argument.isEmpty()) {
            throw new IllegalArgumentException(touch == Touch.NOTHING
                    ? "a tool that touches nothing names no argument"
                    : "a tool that " + touch.word() + " names the argument it does that through");
        }
    }

    /** A declaration as a document gives it: {@code touch} through the required argument {@code argument}. */
    public static ToolDeclaration of(Touch touch, String argument) {
        return touch == Touch.NOTHING ? NOTHING : new ToolDeclaration(touch, argument, Optional.empty());
    }

    /** Whether the argument names a file path in the workspace. */
    public boolean namesPath() {
        return touch == Touch.READS || touch == Touch.WRITES;
    }

    /** What a tool's argument names; the word is the key in the document. */
    public enum Touch {
        /** A file or folder it reads, relative to the workspace. */
        READS,
        /** A file it writes or deletes, relative to the workspace. */
        WRITES,
        /** A command line it runs; rules name the program as {@code TOOL:PROGRAM}. */
        RUNS,
        /** A URL it fetches; rules name the host. */
        FETCHES,
        /** Nothing the gate can check. */
        NOTHING;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The touch a document key names: {@code reads}, {@code writes}, {@code runs} or {@code fetches}. */
        public static Optional<Touch> ofWord(String word) {
            for (Touch t : values()) {
                if (t != NOTHING && t.word().equals(word)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
