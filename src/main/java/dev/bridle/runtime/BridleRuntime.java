package dev.bridle.runtime;

import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.policy.Harness;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A harness exported from Bridle, enforced inside another program's agent loop. Load a bundle, start a run, open a
 * {@link Session} per agent turn, and ask it before every model call and tool call and after every step. The decisions
 * come from the same code as the workbench's engine ({@code dev.bridle.engine.StepPolicy}), so a harness decides the
 * same in production as in its tests.
 *
 * <pre>{@code
 * BridleRuntime runtime = BridleRuntime.load(Path.of("bundle"), publicKey);
 * try (Session session = runtime.session("assistant", workspace)) {
 *     Decision d = session.beforeToolCall("fs.read", "{\"path\":\"docs/index.md\"}");
 * }
 * }</pre>
 */
public final class BridleRuntime {

    private final Harness harness;

    private BridleRuntime(Harness harness) {
        this.harness = harness;
        RuntimeRun.policy(harness); // fails early when a guard does not compile
    }

    /** Loads a bundle after checking its digest, versions and harness; the signature is not checked. */
    public static BridleRuntime load(Path bundleDir) throws BundleException {
        return new BridleRuntime(Bundle.verify(bundleDir, Optional.empty()).harness());
    }

    /**
     * Loads a bundle only when it is signed, and its signature (over the manifest, which names the harness's digest)
     * verifies with {@code key}; an unsigned or badly signed bundle is refused, as is a digest, version or harness
     * fault.
     *
     * @throws NullPointerException when {@code key} is null: a signature was asked for, so no key is never "any key"
     */
    public static BridleRuntime load(Path bundleDir, PublicKey key) throws BundleException {
        Objects.requireNonNull(key, "public key (load(dir) is the form that does not check a signature)");
        return new BridleRuntime(Bundle.verify(bundleDir, Optional.of(key)).harness());
    }

    /** A runtime for a harness already in hand (read with {@code HarnessReader}, for example). */
    public static BridleRuntime of(Harness harness) {
        return new BridleRuntime(harness);
    }

    public Harness harness() {
        return harness;
    }

    /** Starts a run: its counters, budgets, variables and locks are shared by every session opened on it. */
    public RuntimeRun startRun(RunOptions options) {
        return new RuntimeRun(harness, options);
    }

    public RuntimeRun startRun() {
        return startRun(RunOptions.defaults());
    }

    /** A new run with one agent, without a workspace: paths are checked by the rules only. */
    public Session session(String agent) {
        return startRun().session(agent);
    }

    /** A new run with one agent whose file paths are checked against {@code workspace}'s real paths. */
    public Session session(String agent, Path workspace) {
        return startRun(RunOptions.defaults().withWorkspace(workspace)).session(agent);
    }
}
