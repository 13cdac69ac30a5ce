package dev.bridle.cli;

import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.ClaudeCodeExport;
import dev.bridle.export.SigningKeys;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.SchemaCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle export}: the production bundle, Claude Code settings, or the JSON Schema. */
@Command(
        name = "export",
        description = "Export a harness for production: a bundle folder (harness.json, bundle.json with its SHA-256"
                + " digest, and an Ed25519 signature with --sign), Claude Code settings (--target claude-code), or"
                + " the harness JSON Schema (--target schema). Exit code: 0 written, 2 bad input.")
final class ExportCommand implements Callable<Integer> {

    enum Target { bundle, claude_code, schema }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HARNESS",
            description = "The harness file (not needed for --target schema).")
    Path harness;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "The bundle folder, or the file for claude-code and schema.")
    Path out;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "bundle",
            description = "bundle (default), claude-code or schema.", converter = TargetConverter.class)
    Target target;

    @Option(names = "--sign", paramLabel = "KEY.pem", description = "Sign the bundle with this Ed25519 private key.")
    Path key;

    @Option(names = "--agent", paramLabel = "AGENT",
            description = "claude-code: whose permissions to export (default: the first agent).")
    String agent;

    @Option(names = "--report", paramLabel = "FILE",
            description = "claude-code: write the report of what could not be expressed here instead of stdout.")
    Path report;

    @Option(names = "--hooks",
            description = "claude-code: also write a hooks section that runs `bridle hook claude-code` on every"
                    + " tool call and stop, so the whole harness is enforced, not only its permission rules.")
    boolean hooks;

    @Option(names = "--hook-bundle", paramLabel = "DIR", defaultValue = "\"$CLAUDE_PROJECT_DIR\"/.bridle/bundle",
            description = "claude-code --hooks: the bundle the hook loads, as Claude Code's shell sees it"
                    + " (default: ${DEFAULT-VALUE}; export it there with `bridle export`).")
    String hookBundle;

    @Option(names = "--hook-bridle", paramLabel = "COMMAND", defaultValue = "bridle",
            description = "claude-code --hooks: how the hook starts Bridle (default: ${DEFAULT-VALUE}).")
    String hookBridle;

    static final class TargetConverter implements picocli.CommandLine.ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            return Target.valueOf(value.replace('-', '_'));
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (target == Target.schema) {
            write(out, SchemaCheck.harnessSchemaText());
            stdout.println("wrote the harness JSON Schema to " + out);
            return ExitCodes.OK;
        }
        if (harness == null) {
            err.println("bridle: export needs a HARNESS file");
            return ExitCodes.BAD_INPUT;
        }
        Harness h;
        try {
            h = HarnessReader.read(harness).harness();
        } catch (DocumentException e) {
            e.problems().forEach(p -> err.println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        if (target == Target.claude_code) {
            String who = agent == null ? h.agents().keySet().iterator().next() : agent;
            if (!h.agents().containsKey(who)) {
                err.println("bridle: agent '" + who + "' is not in " + harness + "; agents are " + h.agents().keySet());
                return ExitCodes.BAD_INPUT;
            }
            ClaudeCodeExport.Result r = ClaudeCodeExport.export(h, who);
            if (hooks) {
                r = ClaudeCodeExport.withHooks(r, hookBridle, hookBundle);
            }
            write(out, r.settingsJson());
            String text = ClaudeCodeExport.report(h, r);
            if (report != null) {
                write(report, text);
                stdout.println("wrote " + out + " and the report " + report + " (" + r.widened().size()
                        + " written wider, " + r.notExpressed().size() + " not expressible)");
            } else {
                stdout.println("wrote " + out);
                stdout.print(text);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
        Optional<PrivateKey> signing = Optional.empty();
        if (key != null) {
            try {
                signing = Optional.of(SigningKeys.readPrivate(key));
            } catch (BundleException e) {
                err.println("bridle: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
        Bundle.Manifest m;
        try {
            m = Bundle.write(h, out, signing, version(), Instant.now());
        } catch (IOException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        stdout.println("wrote bundle " + out + ": harness '" + m.harness() + "', sha256 " + m.digest()
                + (m.signed() ? ", signed" : ", not signed"));
        return ExitCodes.OK;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static void write(Path file, String text) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
