package dev.bridle.tool.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiresSandboxTest {

    @TempDir
    Path dir;

    @Test
    void aMissingSandboxFailsTheTestWithHowToInstallIt() {
        assertThatThrownBy(() -> RequiresSandbox.bubblewrap(dir.resolve("bwrap"), null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install bubblewrap")
                .hasMessageContaining("-Dbridle.test.sandbox=skip");
    }

    @Test
    void thePropertyTurnsTheFailureIntoASkipWithTheReason() {
        assertThatThrownBy(() -> RequiresSandbox.bubblewrap(dir.resolve("bwrap"), "skip"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void anInstalledSandboxIsUsed() {
        assertThat(RequiresSandbox.bubblewrap(Path.of("/usr/bin/true"), null)).isInstanceOf(Bubblewrap.class);
    }
}
