package dev.bridle.tool.sandbox;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need the real sandbox: bubblewrap, or a loud failure that says how to install it. The system
 * property {@code bridle.test.sandbox=skip} turns the failure into a skip with the same reason; nothing passes
 * silently without a sandbox.
 */
public final class RequiresSandbox {

    private RequiresSandbox() {}

    /** Bubblewrap at {@value Bubblewrap#PROGRAM}; fails (or skips when asked to) where it is missing. */
    public static Sandbox bubblewrap() {
        return bubblewrap(Path.of(Bubblewrap.PROGRAM), System.getProperty("bridle.test.sandbox"));
    }

    /** {@link #bubblewrap()} with the program's place and the property's value given. */
    static Sandbox bubblewrap(Path bwrap, String property) {
        if (Files.isExecutable(bwrap)) {
            return new Bubblewrap(bwrap);
        }
        String reason = "this test needs the shell sandbox, but " + bwrap + " is missing: install it with "
                + "'apt-get install bubblewrap' (or run with -Dbridle.test.sandbox=skip to skip it, saying so)";
        if ("skip".equals(property)) {
            Assumptions.abort(reason);
        }
        return fail(reason);
    }
}
