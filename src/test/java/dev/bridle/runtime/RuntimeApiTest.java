package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.export.Bundle;
import dev.bridle.model.Message;
import dev.bridle.policy.HarnessReader;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeApiTest {

    @TempDir
    Path dir;

    private BridleRuntime load(String sample) throws Exception {
        Path bundle = dir.resolve(sample);
        Bundle.write(HarnessReader.read(Samples.harness(sample)).harness(), bundle, Optional.empty(), "test",
                Instant.EPOCH);
        return BridleRuntime.load(bundle);
    }

    @Test
    void aBundleLoadsAndItsRulesDecideToolCalls() throws Exception {
        Session s = load("over-trusted-agent").session("assistant");
        assertThat(s.beforeToolCall("fs.read", "{\"path\":\"docs/index.md\"}")).isEqualTo(new Decision.Allow("read-docs"));
        assertThat(s.beforeToolCall("fs.read", "{\"path\":\"docs/secrets/token.txt\"}"))
                .isEqualTo(new Decision.Deny("no-secrets", "denied by rule 'no-secrets': fs.read docs/secrets/token.txt"));
        assertThat(s.beforeToolCall("fs.delete", "{\"path\":\"docs/drafts/a.md\"}"))
                .isInstanceOf(Decision.Ask.class);
    }

    @Test
    void aWorkspaceAddsRealPathChecks() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws/docs"));
        Files.createSymbolicLink(ws.resolve("shared"), dir);
        Session s = load("over-trusted-agent").session("assistant", ws.getParent());
        assertThat(s.beforeToolCall("fs.read", "{\"path\":\"docs/shared/x\"}"))
                .isInstanceOfSatisfying(Decision.Deny.class, d -> assertThat(d.rule()).isEqualTo("path-scope"));
    }

    @Test
    void theStepBudgetStopsTheRunWhenAThirteenthStepWouldBegin() throws Exception {
        Session s = load("runaway-agent").session("researcher");
        for (int i = 0; i < 12; i++) {
            assertThat(s.beforeModelCall(100).proceeds()).isTrue();
            assertThat(s.beforeToolCall("fs.read", "{\"path\":\"notes/a.md\"}").proceeds()).isTrue();
            s.toolCompleted(ToolOutcome.ok("fs.read", "{\"path\":\"notes/a.md\"}", "more"));
            // The twelfth step is within the budget: it could have been the answer.
            assertThat(s.afterStep(StepReport.of(100, 10, "reading on")).proceeds()).isTrue();
        }
        Decision stop = new Decision.Stop("budget", "guard 'budget' (steps=12 (limit steps.max=12))");
        assertThat(s.beforeModelCall(100)).isEqualTo(stop);
        assertThat(s.beforeModelCall(100)).isEqualTo(stop);
    }

    @Test
    void anOversizedContextComesBackWithWhatToSummarizeAndThePinsKept() throws Exception {
        List<ContextMessage> ctx = new ArrayList<>();
        ctx.add(ContextMessage.of(Message.system("You audit.")));
        ctx.add(ContextMessage.tagged(Message.user("acceptance: list every caller"), "acceptance"));
        for (int i = 0; i < 10; i++) {
            ctx.add(ContextMessage.of(Message.user("note " + i + " ".repeat(1) + "billing ".repeat(80))));
        }
        RuntimeRun run = load("lost-context").startRun(RunOptions.defaults()
                .withSummarizer((agent, messages) -> "earlier notes read"));
        ModelCallCheck check = run.session("auditor").beforeModelCall(ctx);
        CompactionInstruction c = check.compaction().orElseThrow();
        assertThat(c.strategy()).isEqualTo("summarize");
        assertThat(c.remove()).doesNotContain(0, 1);
        assertThat(c.summaryText()).isEqualTo("Summary of earlier work: earlier notes read");
        assertThat(c.tokensAfter()).isEqualTo(check.contextTokens()).isLessThan(c.tokensBefore());
        List<ContextMessage> after = c.applyTo(ctx, text -> ContextMessage.of(Message.user(text)));
        assertThat(after).hasSize(ctx.size() - c.remove().size() + 1);
        assertThat(after.get(1).tag()).isEqualTo("acceptance");
    }

    @Test
    void theLangChain4jExampleGuardsToolExecution() throws Exception {
        Session s = load("over-trusted-agent").session("assistant");
        ToolExecutionRequest read = ToolExecutionRequest.builder().id("1").name("fs.read")
                .arguments("{\"path\":\"docs/index.md\"}").build();
        ToolExecutionRequest escape = ToolExecutionRequest.builder().id("2").name("fs.read")
                .arguments("{\"path\":\"docs/../../etc/passwd\"}").build();
        ToolExecutionRequest delete = ToolExecutionRequest.builder().id("3").name("fs.delete")
                .arguments("{\"path\":\"docs/drafts/old.md\"}").build();
        assertThat(LangChain4jExample.execute(s, read, r -> "# Docs", q -> false)).isEqualTo("# Docs");
        assertThat(LangChain4jExample.execute(s, escape, r -> "root", q -> false)).startsWith("denied by rule");
        assertThat(LangChain4jExample.execute(s, delete, r -> "deleted", q -> false))
                .isEqualTo("denied: approval for fs.delete docs/drafts/old.md was refused (rule 'delete-drafts-asks')");
        assertThat(LangChain4jExample.execute(s, delete, r -> "deleted", q -> true)).isEqualTo("deleted");
    }

    @Test
    void theDocShowsTheExampleAsCompiled() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/bridle/runtime/LangChain4jExample.java"));
        String example = source.substring(source.indexOf("    // example:begin\n") + "    // example:begin\n".length(),
                source.indexOf("    // example:end"));
        String doc = Files.readString(Path.of("docs/runtime.md"));
        String marker = "<!-- example: src/test/java/dev/bridle/runtime/LangChain4jExample.java -->\n```java\n";
        int from = doc.indexOf(marker);
        assertThat(from).as("docs/runtime.md has the example block").isNotNegative();
        String block = doc.substring(from + marker.length(), doc.indexOf("```", from + marker.length()));
        assertThat(block).isEqualTo(example.replaceAll("(?m)^    ", ""));
    }
}
