package dev.bridle.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored instants read digit by digit give what {@link Instant#parse} gives; anything else is left to it. */
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
        int year = t.atZone(java.time.ZoneOffset.UTC).getYear();
        if (year <= 9999) {
            assertThat(IsoInstants.usual(t.toString())).isEqualTo(t);
        } else {
            assertThat(IsoInstants.usual(t.toString())).isNull(); // "+10000-…": the time module's to read
        }
    }

    @Provide
    Arbitrary<Instant> anyInstants() {
        // every instant Instant can hold, with the same instants near each other so that the cached second is hit
        return Arbitraries.oneOf(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.longs().between(-62_167_219_300L, -62_167_219_100L),
                        Arbitraries.longs().between(253_402_300_700L, 253_402_300_900L),
                        Arbitraries.longs().between(1_796_000_000L, 1_796_000_003L))
                .flatMap(s -> Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999),
                                Arbitraries.of(0, 1, 10, 999, 1_000, 1_000_000, 100_000_000, 123_456_000, 999_999_999))
                        .map(nanos -> Instant.ofEpochSecond(s, nanos)));
    }

    @Property(tries = 5000)
    void instantsAreWrittenAsInstantToStringWritesThem(@ForAll("anyInstants") Instant t) {
        assertThat(IsoInstants.write(t)).isEqualTo(t.toString());
    }

    @Example
    void writingFromSeveralThreadsGivesEachInstantItsOwnText() throws Exception {
        // Threads racing on the cached second: each must still get its own instant's text.
        List<Thread> threads = new ArrayList<>();
        AtomicReference<String> wrong = new AtomicReference<>();
        for (int i = 0; i < 4; i++) {
            long base = 1_796_000_000L + i * 7;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 200_000; n++) {
                    Instant t = Instant.ofEpochSecond(base + n % 3, n * 1_000L);
                    String text = IsoInstants.write(t);
                    if (!text.equals(t.toString())) {
                        wrong.compareAndSet(null, text + " for " + t);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong.get()).isNull();
    }

    @Provide
    Arbitrary<String> everyPrecision() {
        // years 0000 to 9999, with 0 to 9 digits of fraction (Instant.toString writes only 0, 3, 6 or 9)
        return Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L).flatMap(s -> Arbitraries.strings()
                .numeric().ofMinLength(0).ofMaxLength(9).map(fraction -> Instant.ofEpochSecond(s).toString()
                        .substring(0, 19) + (fraction.isEmpty() ? "" : "." + fraction) + "Z"));
    }

    @Property(tries = 3000)
    void everyPrecisionIsReadDigitByDigitAsInstantParseReadsIt(@ForAll("everyPrecision") String text) {
        assertThat(IsoInstants.usual(text)).isNotNull().isEqualTo(Instant.parse(text));
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
            assertThat(IsoInstants.usual(text)).isNull();
            return;
        }
        Instant usual = IsoInstants.usual(text);
        if (usual != null) {
            assertThat(usual).isEqualTo(expected);
        }
    }

    @Example
    void anEventComesBackWithItsInstantToTheNanosecond() {
        RunEvent e = new RunEvent.NodeEntered(7, Instant.parse("2026-12-02T10:15:30.123456789Z"), 3, "work", "a");
        assertThat(EventJson.read(e.kind(), EventJson.write(e))).isEqualTo(e);
        assertThatThrownBy(() -> EventJson.read(e.kind(), EventJson.write(e).replace("10:15:30", "10:15:6x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read a node.entered");
        // other shapes read as the time module reads them: seconds since the epoch, an offset
        String json = EventJson.write(e);
        assertThat(EventJson.read(e.kind(), json.replace("\"2026-12-02T10:15:30.123456789Z\"", "1700000000.5")).at())
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        assertThat(EventJson.read(e.kind(), json.replace("2026-12-02T10:15:30.123456789Z",
                "2026-12-02T11:15:30.123456789+01:00")).at()).isEqualTo(e.at());
    }
}
