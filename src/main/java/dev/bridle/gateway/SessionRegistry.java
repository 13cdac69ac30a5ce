package dev.bridle.gateway;

import dev.bridle.model.Message;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.GatewayPolicy;
import dev.bridle.policy.Harness;
import dev.bridle.runtime.BridleRuntime;
import dev.bridle.runtime.RunOptions;
import dev.bridle.runtime.RuntimeRun;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's sessions by name, each a run in the store. A request names its session by the
 * {@value #HEADER} header; else by its API's metadata ({@code metadata.user_id} for Anthropic, {@code user} or
 * {@code metadata.session_id} for OpenAI); else by {@link #digest}: the same agent with the same first messages is
 * the same session.
 */
public final class SessionRegistry {

    /** The header that names a session. */
    public static final String HEADER = "X-Bridle-Session";

    /** The header that names the harness's agent a session runs as (the harness's first agent when absent). */
    public static final String AGENT_HEADER = "X-Bridle-Agent";

    private final BridleRuntime runtime;
    private final Harness harness;
    private final String harnessDigest;
    private final Optional<RunStore> store;
    private final GatewayPolicy policy;
    private final Approvals approvals;
    private final Clock clock;
    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();

    SessionRegistry(Harness harness, String harnessDigest, Optional<RunStore> store, GatewayPolicy policy,
            Approvals approvals, Clock clock) {
        this.runtime = BridleRuntime.of(harness);
        this.harness = harness;
        this.harnessDigest = harnessDigest;
        this.store = store;
        this.policy = policy;
        this.approvals = approvals;
        this.clock = clock;
    }

    /** The session named {@code id}, if it has served a request. */
    public Optional<GatewaySession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** The sessions, the most recently active first. */
    public List<GatewaySession> sessions() {
        List<GatewaySession> out = new ArrayList<>(sessions.values());
        out.sort(Comparator.comparing(GatewaySession::lastActive).reversed().thenComparing(GatewaySession::id));
        return out;
    }

    public int size() {
        return sessions.size();
    }

    /** The session {@code id}, opened (and its run begun in the store) on its first request. */
    GatewaySession open(String id, Optional<String> agentHeader, String model) {
        return sessions.computeIfAbsent(id, k -> start(k, agentHeader, model));
    }

    private GatewaySession start(String id, Optional<String> agentHeader, String model) {
        String agent = agentHeader.filter(a -> !a.isBlank()).orElseGet(() -> harness.agents().keySet().iterator()
                .next());
        if (!harness.agents().containsKey(agent)) {
            throw new GatewayException(400, "invalid_request_error", AGENT_HEADER + " names agent '" + agent
                    + "', which harness '" + harness.name() + "' does not have; its agents are "
                    + harness.agents().keySet());
        }
        Instant now = clock.instant();
        String runId = "gw-" + UUID.randomUUID();
        String modelName = "gateway:" + (model.isBlank() ? "unknown" : model);
        Recording recording = store.map(s -> s.begin(runId, harness.name(), harnessDigest, modelName, now))
                .orElse(null);
        RunOptions options = RunOptions.defaults().withClock(clock).withModel(modelName)
                .withTokens(TokenCounter.forModel(model));
        if (recording != null) {
            options = options.withEvents(recording);
        }
        RuntimeRun run = runtime.startRun(options);
        return new GatewaySession(id, runId, agent, run, recording, policy, approvals, now);
    }

    /**
     * The session of a request that names none: {@code door} and the digest (SHA-256, first 16 hex digits) of its
     * first system message and its first user message. Two runs of the same agent on the same task share it.
     */
    static String digest(String door, Turn turn) {
        String system = first(turn.messages(), "system");
        String user = first(turn.messages(), "user");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((door + "\u0000" + system + "\u0000" + user).getBytes(StandardCharsets.UTF_8));
            return door + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String first(List<Message> messages, String role) {
        return messages.stream().filter(m -> m.role().equals(role)).map(Message::content).findFirst().orElse("");
    }

    /** Ends every session's run as interrupted and waits until the store has it all. */
    void closeAll(String reason) {
        approvals.withdraw(Optional.empty(), "gateway stopped");
        for (GatewaySession s : sessions.values()) {
            s.close(reason);
        }
    }
}
