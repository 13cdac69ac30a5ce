package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.ShellCommand;
import dev.bridle.model.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code shell} tool, {@code {"command": "git status"}}: runs one command's argument vector in the workspace,
 * never through a shell, so nothing is expanded, piped or chained. The command line is analysed first (compound and
 * wrapped commands are refused unless a rule names the wrapper), output is capped, and a command that outlives its
 * time limit is killed. It only runs where a permission rule allows {@code shell}; the default denies it.
 */
final class ShellTool implements ToolPort {

    static final String NAME = "shell";
    static final int MAX_OUTPUT = 64 * 1024;

    private final PathScope scope;
    private final Set<String> named;
    private final Duration timeout;

    ShellTool(PathScope scope, Set<String> named, Duration timeout) {
        this.scope = scope;
        this.named = Set.copyOf(named);
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
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(simple.argv()).directory(scope.root().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", scope.root().toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // Output is read beside the wait, so that a command that never closes its output still times out.
            java.util.concurrent.CompletableFuture<byte[]> output = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(readCapped(p.getInputStream()));
                } catch (IOException e) {
                    output.complete(new byte[0]);
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new ToolResult(false, "killed after " + Math.max(1, timeout.toSeconds()) + "s: "
                        + command.get(), millis(start));
            }
            byte[] out = output.get(5, TimeUnit.SECONDS);
            String text = new String(out, StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? new ToolResult(true, text, millis(start))
                    : new ToolResult(false, "exit " + p.exitValue() + ": " + text, millis(start));
        } catch (IOException e) {
            return new ToolResult(false, "cannot run " + simple.argv().getFirst() + ": " + e.getMessage(),
                    millis(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ToolResult(false, "interrupted", millis(start));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new ToolResult(false, "the output of " + command.get() + " could not be read", millis(start));
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
