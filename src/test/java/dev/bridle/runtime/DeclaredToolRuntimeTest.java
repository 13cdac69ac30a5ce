package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime reads declared tools' arguments through their declarations: loops and locks see the same path. */
class DeclaredToolRuntimeTest {

    private static final String HARNESS = """
            bridle: 1
            name: t
            agents:
              a: { system: edits, tools: [read_file, edit_file] }
              b: { system: edits too, tools: [read_file, edit_file] }
            tools:
              read_file: { reads: file_path }
              edit_file: { writes: target_file }
            workflow:
              start: w
              nodes:
                w: { agent: a, next: e }
                e: { end: completed }
            guards:
              - { id: loop, loop: { window: 6, repeats: 3 } }
            permissions:
              default: allow
            coordination: { locks: per-path }
            """;

    private static BridleRuntime runtime() throws Exception {
        return BridleRuntime.of(HarnessReader.parse("t.harness.yaml", HARNESS).harness());
    }

    @Test
    void theSamePathWrittenThreeWaysIsOneRepeatedAction() throws Exception {
        Session s = runtime().session("a");
        for (String path : List.of("./docs/a.md", "docs/b/../a.md", "docs/a.md")) {
            assertThat(s.beforeToolCall("read_file", "{\"file_path\":\"" + path + "\"}").proceeds()).isTrue();
            s.toolCompleted(ToolOutcome.ok("read_file", "{\"file_path\":\"" + path + "\"}", "# A"));
        }
        assertThat(s.afterStep(StepReport.of(10, 10, "")))
                .isInstanceOfSatisfying(Decision.Stop.class, d -> assertThat(d.rule()).isEqualTo("loop"));
    }

    @Test
    void differentPathsAreDifferentActions() throws Exception {
        Session s = runtime().session("a");
        for (String path : List.of("docs/a.md", "docs/b.md", "docs/c.md")) {
            assertThat(s.beforeToolCall("read_file", "{\"file_path\":\"" + path + "\"}").proceeds()).isTrue();
            s.toolCompleted(ToolOutcome.ok("read_file", "{\"file_path\":\"" + path + "\"}", "text"));
        }
        assertThat(s.afterStep(StepReport.of(10, 10, "")).proceeds()).isTrue();
    }

    @Test
    void aDeclaredWriteTakesTheLockOfItsNormalisedPath() throws Exception {
        List<RunEvent> events = new ArrayList<>();
        RuntimeRun run = runtime().startRun(RunOptions.defaults().withEvents(events::add));
        Session a = run.session("a");
        assertThat(a.beforeToolCall("edit_file", "{\"target_file\":\"./src/A.java\"}").proceeds()).isTrue();
        Session b = run.session("b", "w");
        assertThat(b.beforeToolCall("edit_file", "{\"target_file\":\"src/x/../A.java\"}"))
                .isInstanceOfSatisfying(Decision.Deny.class,
                        d -> assertThat(d.rule()).isEqualTo("coordination.locks"));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.LockAcquired.class,
                l -> assertThat(l.resource()).isEqualTo("src/A.java")));
    }

    @Test
    void aCallToAToolTheAgentWasNotOfferedIsDeniedByAgentToolsUnderDefaultAllow() throws Exception {
        Session s = runtime().session("a");
        assertThat(s.beforeToolCall("fs.delete", "{\"path\":\"src/A.java\"}"))
                .isInstanceOfSatisfying(Decision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("agent.tools");
                    assertThat(d.reason()).contains("agent 'a' is not offered fs.delete");
                });
    }
}
