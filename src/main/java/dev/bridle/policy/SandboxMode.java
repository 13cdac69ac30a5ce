package dev.bridle.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the harness's shell calls must run inside an operating-system sandbox ({@code sandbox:} in the document).
 * Required unless the document opts out with {@code sandbox: none}, which {@code validate --strict} flags.
 */
public enum SandboxMode {
    /** Every shell call runs in the OS sandbox; without one it is refused. The default. */
    REQUIRED,
    /** The document's explicit opt-out: shell calls run without an OS sandbox. */
    NONE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SandboxMode> ofWord(String word) {
        for (SandboxMode m : values()) {
            if (m.word().equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
