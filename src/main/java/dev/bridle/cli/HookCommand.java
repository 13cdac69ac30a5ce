package dev.bridle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.SigningKeys;
import dev.bridle.hook.ClaudeCodeHook;
import dev.bridle.hook.HookException;
import dev.bridle.hook.HookInput;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridle hook}: a harness enforced from another tool's hooks. */
@Command(name = "hook", description = "Enforce a harness from another tool's hooks.",
        subcommands = HookCommand.ClaudeCode.class)
final class HookCommand {

    /** {@code bridle hook claude-code}: one Claude Code hook call, read on stdin and answered on stdout. */
    @Command(
            name = "claude-code",
            description = "Answer one Claude Code hook call (PreToolUse, PostToolUse or Stop: its JSON on stdin) with"
                    + " the hook's decision JSON on stdout. The session's state (steps, loops, budgets) is kept per"
                    + " session_id in the run store. Exit code: 0 answered, 2 bad input (Claude Code then blocks the"
                    + " call and shows the message).")
    static final class ClaudeCode implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        /** Where the harness comes from: an exported bundle (production) or a harness file. */
        static final class Source {
            @Option(names = "--bundle", paramLabel = "DIR", required = true,
                    description = "The bundle exported with `bridle export`.")
            Path bundle;

            @Option(names = "--harness", paramLabel = "FILE", required = true,
                    description = "A harness file instead of a bundle.")
            Path harness;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--key", paramLabel = "PUB.pem",
                description = "With --bundle: refuse it unless it is signed with this Ed25519 public key.")
        Path key;

        @Option(names = "--agent", paramLabel = "AGENT",
                description = "Whose permissions apply (default: the harness's first agent).")
        String agent;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            try {
                Loaded h = load();
                String who = agent != null ? agent : h.harness().agents().keySet().iterator().next();
                HookInput in = HookInput.of(read(System.in));
                try (RunStore runs = RunStore.open(store.url())) {
                    ClaudeCodeHook hook = new ClaudeCodeHook(h.harness(), h.digest(), who, runs, Clock.systemUTC());
                    spec.commandLine().getOut().println(hook.answer(in).toString());
                    spec.commandLine().getOut().flush();
                }
                return ExitCodes.OK;
            } catch (HookException | BundleException | DocumentException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("bridle hook: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (StoreException e) {
                spec.commandLine().getErr().println("bridle hook: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (IOException e) {
                spec.commandLine().getErr().println("bridle hook: cannot read: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }

        private record Loaded(Harness harness, String digest) {}

        private Loaded load() throws BundleException, DocumentException, IOException {
            if (source.bundle != null) {
                Optional<PublicKey> pub = key == null ? Optional.empty() : Optional.of(SigningKeys.readPublic(key));
                Bundle.Verified v = Bundle.verify(source.bundle, pub);
                return new Loaded(v.harness(), v.manifest().digest());
            }
            if (key != null) {
                throw new IllegalArgumentException("--key checks a bundle's signature: use it with --bundle");
            }
            Harness h = HarnessReader.read(source.harness).harness();
            return new Loaded(h, Bundle.sha256(Files.readAllBytes(source.harness)));
        }

        private static JsonNode read(InputStream in) throws HookException {
            try {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    throw new HookException("no hook input on stdin (Claude Code sends the call's JSON there)");
                }
                return new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new HookException("the hook's input is not JSON: " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
        }
    }
}
