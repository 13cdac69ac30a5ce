package dev.bridle.store;

import static dev.bridle.store.RecordingTest.T0;
import static dev.bridle.store.RecordingTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores: an H2 file and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class RunExportTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    private final List<RunEvent> events = SyntheticRun.of(12_000, T0);

    private RunStore store(String name) {
        return RunStore.open(kind.url(dir, name));
    }

    private String exported(RunStore store, String runId) throws Exception {
        StringWriter out = new StringWriter();
        store.exportRun(runId, out);
        return out.toString();
    }

    @Test
    void anExportIsAHeaderLineThenOneEventPerLineWithItsKindFirst() throws Exception {
        try (RunStore store = store("a")) {
            try (Recording r = store.begin(start("r1"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            List<String> lines = exported(store, "r1").lines().toList();
            assertThat(lines).hasSize(events.size() + 1);
            JsonNode header = new ObjectMapper().readTree(lines.getFirst());
            assertThat(header.get("bridle").asText()).isEqualTo("run");
            assertThat(header.get("format").asInt()).isEqualTo(1);
            assertThat(header.get("id").asText()).isEqualTo("r1");
            assertThat(header.get("harness").asText()).isEqualTo("synthetic");
            assertThat(header.get("outcome").asText()).isEqualTo("stopped");
            assertThat(header.get("startedAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
            assertThat(lines.get(1)).startsWith("{\"kind\":\"run.started\",\"seq\":1,");
            assertThat(lines.getLast()).startsWith("{\"kind\":\"run.ended\",");
        }
    }

    @Test
    void anImportKeepsItsIdWhenFreeAndTakesANewOneWhenNot() throws Exception {
        String jsonl;
        RunSummary original;
        try (RunStore a = store("a")) {
            try (Recording r = a.begin(start("r1"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            jsonl = exported(a, "r1");
            original = a.run("r1").orElseThrow();
            String copy = a.importRun(new BufferedReader(new StringReader(jsonl)));
            assertThat(copy).isNotEqualTo("r1");
            assertThat(a.events(copy)).containsExactlyElementsOf(events);
            assertThat(a.firstDivergence("r1", copy)).isEmpty();
            assertThat(a.contextSeries(copy, 100)).isEqualTo(a.contextSeries("r1", 100));
        }
        try (RunStore b = store("b")) {
            assertThat(b.importRun(new BufferedReader(new StringReader(jsonl)))).isEqualTo("r1");
            assertThat(b.run("r1")).contains(original);
            assertThat(b.events("r1")).containsExactlyElementsOf(events);
            assertThat(exported(b, "r1")).isEqualTo(jsonl);
        }
    }

    @Test
    void aBrokenImportSaysWhichLineAndLeavesNothingBehind() throws Exception {
        try (RunStore store = store("a")) {
            try (Recording r = store.begin(start("r1"), Durability.BATCHED)) {
                events.subList(0, 10).forEach(r::accept);
            }
            List<String> lines = exported(store, "r1").lines().toList();
            store.delete(List.of("r1"));
            String gap = String.join("\n", lines.subList(0, 4)) + "\n" + String.join("\n", lines.subList(5, 8));
            assertThatThrownBy(() -> store.importRun(new BufferedReader(new StringReader(gap))))
                    .isInstanceOf(StoreException.class).hasMessage("line 5: expected event 4, found 5");
            String unknown = lines.get(0) + "\n{\"kind\":\"weather.changed\",\"seq\":1}\n";
            assertThatThrownBy(() -> store.importRun(new BufferedReader(new StringReader(unknown))))
                    .isInstanceOf(StoreException.class).hasMessage("line 2: unknown event kind 'weather.changed'");
            assertThatThrownBy(() -> store.importRun(new BufferedReader(new StringReader("{\"id\":\"x\"}\n"))))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("line 1: not a Bridle run header");
            assertThat(store.runs()).isEmpty();
        }
    }

    @Test
    void anOpenRunExportsAndImportsAsInterrupted() throws Exception {
        try (RunStore store = store("a")) {
            Recording r = store.begin(start("open"), Durability.BATCHED);
            events.subList(0, 10).forEach(r::accept);
            r.flush();
            String jsonl = exported(store, "open");
            assertThat(jsonl.lines().findFirst().orElseThrow()).contains("\"outcome\":null");
            String copy = store.importRun(new BufferedReader(new StringReader(jsonl)));
            assertThat(store.run(copy).orElseThrow().outcome()).contains(Outcome.INTERRUPTED);
            r.close();
        }
    }
}
