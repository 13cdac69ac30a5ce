package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code bridle explain} reads a declared tool's call as the gate does, and names agent.tools. */
class ExplainDeclaredToolTest {

    record Result(int code, String out, String err) {}

    private static Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Result explain(String tool, String args) {
        return bridle("explain", Samples.harness("over-trusted-agent").toString(), "--agent", "assistant",
                "--tool", tool, "--args", args);
    }

    @Test
    void theDeclaredArgumentIsThePath() {
        Result inside = explain("read_file", "{\"file_path\":\"docs/index.md\"}");
        assertThat(inside.code()).isEqualTo(ExitCodes.OK);
        assertThat(inside.out()).contains("request: agent=\"assistant\" tool=\"read_file\" path=\"docs/index.md\"")
                .contains("decision: allow by read-docs-declared");
        Result outside = explain("read_file", "{\"file_path\":\"src/main.py\"}");
        assertThat(outside.code()).isEqualTo(ExitCodes.STOPPED);
        assertThat(outside.out()).contains("decision: deny by default");
    }

    @Test
    void aMissingDeclaredArgumentIsDeniedByToolArguments() {
        Result r = explain("read_file", "{\"path\":\"docs/index.md\"}");
        assertThat(r.code()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.out()).contains("decision: deny by tool-arguments (argument 'file_path' is missing");
    }

    @Test
    void aToolTheAgentIsNotOfferedIsDeniedByAgentTools() {
        Result r = explain("web_fetch", "{\"url\":\"https://docs.example.com/\"}");
        assertThat(r.code()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.out()).contains("decision: deny by agent.tools (agent 'assistant' is not offered web_fetch");
    }
}
