package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    @Test
    void withoutATerminalItWritesTheFirstRunThenALineEveryTenthOfTheWayAndNoCarriageReturn() {
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(text), false, Duration.ZERO);
        for (int i = 1; i <= 1000; i++) {
            meter.done(i, 1000);
        }
        meter.finish();
        assertThat(text.toString().lines()).hasSize(11)
                .startsWith("whatif: 1/1,000 runs replayed", "whatif: 100/1,000 runs replayed")
                .endsWith("whatif: 1,000/1,000 runs replayed");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void onATerminalItRedrawsOneBarInPlaceAndEndsItsLine() {
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(text), true, Duration.ZERO);
        meter.done(1, 4);
        meter.done(4, 4);
        meter.finish();
        assertThat(text.toString()).isEqualTo("\r[#######-----------------------] 1/4 runs  25%"
                + "\r[##############################] 4/4 runs 100%" + System.lineSeparator());
    }

    @Test
    void onATerminalItDrawsAtMostOncePerIntervalButAlwaysTheEnd() {
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(text), true, Duration.ofHours(1));
        for (int i = 1; i <= 100; i++) {
            meter.done(i, 100);
        }
        assertThat(text.toString().split("\r", -1)).hasSize(3); // the first draw and the last
        assertThat(text.toString()).endsWith("100/100 runs 100%");
    }
}
