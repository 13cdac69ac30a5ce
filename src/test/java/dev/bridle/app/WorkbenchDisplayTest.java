package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The workbench's check for a display, made before the toolkit starts (the process-level test runs it for real). */
class WorkbenchDisplayTest {

    @Test
    void linuxWithoutDisplayHasNone() {
        assertThat(Workbench.hasDisplay("Linux", null, null)).isFalse();
        assertThat(Workbench.hasDisplay("Linux", " ", null)).isFalse();
    }

    @Test
    void linuxWithDisplayHasOne() {
        assertThat(Workbench.hasDisplay("Linux", ":0", null)).isTrue();
    }

    @Test
    void macOsAndWindowsAlwaysHaveOne() {
        assertThat(Workbench.hasDisplay("Mac OS X", null, null)).isTrue();
        assertThat(Workbench.hasDisplay("Windows 11", null, null)).isTrue();
    }

    @Test
    void aChosenGlassPlatformNeedsNone() {
        assertThat(Workbench.hasDisplay("Linux", null, "Monocle")).isTrue();
    }
}
