package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.export.RunJournal;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.HarnessReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway sessions are runs like any other: what-if and compare work on what the store recorded. */
class GatewayRunsTest {

    @TempDir
    Path dir;

    private static final String LOOP_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"fix\"}%s]}";

    private static void loop(GatewayFixture f, String session, int turns) {
        String messages = "";
        for (int i = 0; i < turns; i++) {
            Http.post(f.base().resolve("/v1/chat/completions"), LOOP_BODY.formatted(messages),
                    List.of(SessionRegistry.HEADER, session));
            messages += ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c" + i + "\",\"type\":"
                    + "\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"file_path\\\":"
                    + "\\\"src/A.java\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c" + i + "\",\"content\":\"A\"}";
        }
    }

    @Test
    void whatIfReplaysAGatewayRunUnderAnotherHarness() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            loop(f, "w1", 3);
            var events = f.events("w1");
            // The same agent under a harness that forbids reading: the first read would have been denied.
            var stricter = HarnessReader.parse("strict.harness.yaml", GatewayFixture.HARNESS.formatted("")
                    .replace("- { id: read-src, allow: read_file, paths: [\"src/**\"] }",
                            "- { id: read-docs, allow: read_file, paths: [\"docs/**\"] }")).harness();
            WhatIf.Report r = WhatIf.run(stricter, new RunJournal.Recorded(Optional.empty(), events));

            assertThat(r.recordedEnd()).hasValueSatisfying(e -> assertThat(e.rule()).isEqualTo("loop"));
            assertThat(r.same()).isFalse();
            assertThat(r.onlyNew()).anySatisfy(d -> assertThat(d).contains("deny"));
        }
    }

    @Test
    void twoGatewayRunsCompare() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            loop(f, "a", 3);
            loop(f, "b", 2);
            String left = f.gateway.sessions().find("a").orElseThrow().runId();
            String right = f.gateway.sessions().find("b").orElseThrow().runId();
            f.events("b");
            assertThat(f.store.firstDivergence(left, right)).isPresent();
            assertThat(f.store.firstDivergence(left, left)).isEmpty();
        }
    }
}
