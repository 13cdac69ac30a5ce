package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The documents the workbench reads while the toolkit starts are valid, so the warm-up goes all the way through. */
class BridleAppTest {

    @Test
    void the_warm_up_harness_and_scenario_read_without_problems() {
        assertThatCode(BridleApp::readWarmUpDocuments).doesNotThrowAnyException();
    }
}
