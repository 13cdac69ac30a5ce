package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ShellCommand;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Permissions;
import dev.bridle.tool.sandbox.Confinement;
import dev.bridle.tool.sandbox.Sandbox;
import dev.bridle.tool.sandbox.WritableFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code shell} tool, {@code {"command": "git status"}}: runs one command's argument vector inside the
 * operating-system {@link Sandbox} it was given, never through a shell, so nothing is expanded, piped or chained.
 * The command line is analysed first ({@link ShellCommand}: compound commands, wrappers and the dangerous forms of
 * programs that run programs are refused), the sandbox shows the command the workspace (writable only where the
 * agent's {@code fs.write} rules reach, {@link WritableFolders}) and the system's program folders, stdin is closed,
 * output is capped at {@value #MAX_OUTPUT} bytes, and a command that outlives its time limit is killed with every
 * process it started. Without a sandbox the command is refused, never run bare.
 */
final class ShellTool implements ToolPort {

    static final String NAME = "shell";
    static final int MAX_OUTPUT = 64 * 1024;

    private final PathScope scope;
    private final Permissions permissions;
    private final Set<String> named;
    private final Sandbox sandbox;
    private final Duration timeout;

    /**
     * @param check the permissions whose {@code fs.write} rules decide the writable folders and whose literal shell
     *     rules name wrappers, or {@code null}: then the workspace is read-only and no wrapper is named
     */
    ShellTool(PathScope scope, PermissionCheck check, Sandbox sandbox, Duration timeout) {
        this.scope = scope;
        this.permissions = check == null ? new Permissions(Effect.DENY, List.of()) : check.permissions();
        this.named = check == null ? Set.of() : check.namedCommands();
        this.sandbox = sandbox;
        this.timeout = timeout;
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        var command = ToolArgs.parse(call.args()).flatMap(args -> args.text("command"));
        if (command.isEmpty()) {
            return ToolResult.error("shell needs {\"command\": \"…\"}");
        }
        ShellCommand parsed = ShellCommand.parse(command.get(), named);
        if (parsed instanceof ShellCommand.Refused refused) {
            return ToolResult.error("refused by shell-analysis: " + refused.reason());
        }
        ShellCommand.Simple simple = (ShellCommand.Simple) parsed;
        Confinement confinement = WritableFolders.confinement(scope.root(), permissions, agent);
        Sandbox.Launch launch = sandbox.launch(confinement, simple.argv());
        if (launch instanceof Sandbox.Launch.Refused refused) {
            return ToolResult.error("refused by " + Sandbox.RULE + ": " + refused.reason());
        }
        return run((Sandbox.Launch.Run) launch, command.get(), simple.program());
    }

    private ToolResult run(Sandbox.Launch.Run launch, String command, String program) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(launch.argv()).directory(launch.directory().toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(launch.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new ToolResult(false, "cannot run " + program + ": " + e.getMessage(), millis(start));
        }
        try {
            // Stdin is closed: a command that waits for input gets end-of-file at once.
            p.getOutputStream().close();
            // Output is read beside the wait, so that a command that never closes its output still times out.
            CompletableFuture<byte[]> output = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(readCapped(p.getInputStream()));
                } catch (IOException e) {
                    output.complete(new byte[0]);
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new ToolResult(false, "killed after " + Math.max(1, timeout.toSeconds()) + "s: " + command,
                        millis(start));
            }
            byte[] out = output.get(5, TimeUnit.SECONDS);
            String text = new String(out, StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? new ToolResult(true, text, millis(start))
                    : new ToolResult(false, "exit " + p.exitValue() + ": " + text, millis(start));
        } catch (IOException e) {
            kill(p);
            return new ToolResult(false, "cannot run " + program + ": " + e.getMessage(), millis(start));
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new ToolResult(false, "interrupted", millis(start));
        } catch (ExecutionException | TimeoutException e) {
            kill(p);
            return new ToolResult(false, "the output of " + command + " could not be read", millis(start));
        }
    }

    /**
     * Kills the process and every descendant, children first taken as a snapshot so that none is re-parented away
     * unseen; bubblewrap's {@code --die-with-parent} and its process namespace take down whatever is left.
     */
    private static void kill(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The kill was sent; there is nothing more to do for a process that ignores SIGKILL.
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() < MAX_OUTPUT) {
                out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
            }
        }
        return out.toByteArray();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
