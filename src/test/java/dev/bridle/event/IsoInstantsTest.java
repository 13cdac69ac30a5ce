package dev.bridle.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored instants read digit by digit give what {@link Instant#parse} gives, and bad ones fail the same way. */
class IsoInstantsTest {

    @Provide
    Arbitrary<Instant> instants() {
        // years 0000 to 9999 and beyond, at every precision Instant.toString writes
        return Arbitraries.longs().between(-62_167_219_200L, 300_000_000_000L).flatMap(s -> Arbitraries
                .of(0, 1, 1_000, 1_000_000, 123_000_000, 999_999_999, 5, 120_500)
                .map(nanos -> Instant.ofEpochSecond(s, nanos)));
    }

    @Property(tries = 3000)
    void whatInstantWritesIsReadBack(@ForAll("instants") Instant t) {
        assertThat(IsoInstants.parse(t.toString())).isEqualTo(t);
    }

    @Provide
    Arbitrary<String> nearlyInstants() {
        return Arbitraries.strings().withChars("0123456789-T:.Z+ x").ofMinLength(18).ofMaxLength(31)
                .injectDuplicates(0.1).edgeCases(c -> c.add("2026-12-02T10:15:30.Z", "2026-02-30T10:15:30Z",
                        "2026-12-02T24:00:00Z", "2026-12-02T23:59:60Z", "2026-12-02T10:15:30.1234567890Z"));
    }

    @Property(tries = 3000)
    void anyTextIsReadAsInstantParseReadsIt(@ForAll("nearlyInstants") String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeException e) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeException.class);
            return;
        }
        assertThat(IsoInstants.parse(text)).isEqualTo(expected);
    }

    @Example
    void anEventComesBackWithItsInstantToTheNanosecond() {
        RunEvent e = new RunEvent.NodeEntered(7, Instant.parse("2026-12-02T10:15:30.123456789Z"), 3, "work", "a");
        assertThat(EventJson.read(e.kind(), EventJson.write(e))).isEqualTo(e);
        assertThatThrownBy(() -> EventJson.read(e.kind(), EventJson.write(e).replace("10:15:30", "10:15:6x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read a node.entered");
    }
}
