package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bridle run}'s recording: {@code --durability} and in-memory stores. */
class RunRecordingTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] run(String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                Samples.harness("runaway-agent").toString(),
                "--scenario", Samples.scenario("runaway-agent", "loops-forever").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"step", "batch", "end"})
    void everyDurabilityRecordsTheWholeRun(String mode) {
        String url = RunStore.fileUrl(dir.resolve("runs"));
        Result r = bridle(run("--db", url, "--durability", mode));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.out()).contains("recorded in " + url);
        try (RunStore store = RunStore.open(url)) {
            RunSummary run = store.runs().getFirst();
            assertThat(run.outcome()).contains(Outcome.STOPPED);
            assertThat(run.rule()).isEqualTo("budget");
            assertThat(store.events(run.id())).hasSize((int) store.lastSeq(run.id()))
                    .last().satisfies(e -> assertThat(e.kind()).isEqualTo("run.ended"));
        }
    }

    @Test
    void anUnknownDurabilityIsAOneLineUsageError() {
        Result r = bridle(run("--db", RunStore.fileUrl(dir.resolve("runs")), "--durability", "sometimes"));
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("Invalid value for option '--durability': unknown durability 'sometimes':"
                + " use step, batch, end");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anInMemoryStoreRecordsForTheCommandsLife() {
        Result r = bridle(run("--db", "jdbc:h2:mem:bridle-cli-test"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.out()).contains("recorded in jdbc:h2:mem:bridle-cli-test");
        // The database ended with the command: the next command starts from an empty store.
        try (RunStore store = RunStore.open("jdbc:h2:mem:bridle-cli-test")) {
            assertThat(store.runs()).isEmpty();
        }
    }
}
