package dev.bridle.cli;

import dev.bridle.access.AccessRequest;
import dev.bridle.engine.PermissionGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle explain}: which rule decides a tool call, and every rule considered. */
@Command(
        name = "explain",
        description = "Explain the permission decision for one tool call: the deciding rule and every rule"
                + " considered. Exit code: 0 allow, 3 deny, 1 ask, 2 bad input.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HARNESS")
    Path harness;

    @Option(names = "--agent", required = true, paramLabel = "AGENT")
    String agent;

    @Option(names = "--tool", required = true, paramLabel = "TOOL")
    String tool;

    @Option(names = "--path", paramLabel = "PATH", description = "A workspace-relative path.")
    String path;

    @Option(names = "--host", paramLabel = "HOST")
    String host;

    @Option(names = "--command", paramLabel = "LINE", description = "A shell command line, for the shell tool.")
    String command;

    @Option(names = "--args", paramLabel = "JSON", description = "The call's arguments, for rule conditions; alone,"
            + " also the path, host or command, read from the argument the tool is declared to touch.")
    String args;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Harness h;
        try {
            h = HarnessReader.read(harness).harness();
        } catch (DocumentException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        if (!h.agents().containsKey(agent)) {
            spec.commandLine().getErr().println("bridle: agent '" + agent + "' is not in " + harness + "; agents are "
                    + h.agents().keySet());
            return ExitCodes.BAD_INPUT;
        }
        // With only --args, the call is read as the gate reads it: through the tool's declaration, never guessed.
        AccessRequest request = args != null && path == null && host == null && command == null
                ? AccessRequest.fromCall(agent, new ToolCall(tool, args), h.tools())
                : AccessRequest.of(agent, tool).withPath(path).withHost(host).withCommand(command).withArgs(args);
        var explanation = PermissionGate.of(h, Optional.empty()).explain(request);
        out.print(explanation.render());
        out.flush();
        return switch (explanation.decision().effect()) {
            case ALLOW -> ExitCodes.OK;
            case ASK -> ExitCodes.WARNINGS;
            case DENY -> ExitCodes.STOPPED;
        };
    }
}
