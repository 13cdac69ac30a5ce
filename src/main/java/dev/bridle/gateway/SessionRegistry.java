package dev.bridle.gateway;

import dev.bridle.gateway.GatewayConfig.Limits;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's sessions by name, each a run in the store. A request names its session by the
 * {@value #HEADER} header; else by its API's metadata ({@code metadata.user_id} for Anthropic, {@code user} or
 * {@code metadata.session_id} for OpenAI); else by {@link #digest}: the same agent with the same first messages is
 * the same session.
 *
 * <p>The table is bounded: a session with no request for {@link Limits#idleTimeout()} is ended by rule
 * {@value Limits#IDLE_RULE} (its run {@code stopped}) and forgotten, and no more than {@link Limits#maxSessions()} are
 * held at once (a new one beyond that is refused by rule {@value Limits#CAP_RULE}, and nothing open is harmed). The
 * names of the sessions it forgot are remembered, so that a later request on one is refused (403) instead of starting
 * a fresh run with a fresh budget: the last {@link Limits#maxSessions()} with why they ended, and every one for
 * {@link #REMEMBERED} as a digest, however many others end meanwhile.
 */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

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
    private final Limits limits;
    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
    /** Sessions ended and forgotten, oldest first: their reason, for a later request on them. */
    private final Map<String, Ended> forgotten;
    /** Held while a session is created, so that the cap is never passed by two new sessions at once. */
    private final Object opening = new Object();
    private final ScheduledExecutorService sweeper;

    /** How long the name of an ended session stays refused, whatever the cap: a stopped session stays stopped. */
    static final Duration REMEMBERED = Duration.ofHours(24);
    /**
     * The most ended names remembered by digest, about 100 MB at worst; only past this many ended in
     * {@link #REMEMBERED} is the oldest let go (and a warning logged).
     */
    static final int MOST_REMEMBERED = 1_000_000;
    /**
     * Every session ended and forgotten in the last {@link #REMEMBERED}, oldest first: the first 64 bits of its name's
     * SHA-256 (8 bytes whatever the name's length) and when it may be let go. Guarded by {@link #forgotten}.
     */
    private final LinkedHashMap<Long, Instant> endedNames = new LinkedHashMap<>();

    /** A session the registry forgot: why it ended and by which rule. */
    record Ended(String reason, String rule) {}

    SessionRegistry(Harness harness, String harnessDigest, Optional<RunStore> store, GatewayPolicy policy,
            Approvals approvals, Clock clock, Limits limits) {
        this.runtime = BridleRuntime.of(harness);
        this.harness = harness;
        this.harnessDigest = harnessDigest;
        this.store = store;
        this.policy = policy;
        this.approvals = approvals;
        this.clock = clock;
        this.limits = limits;
        int remembered = limits.maxSessions();
        this.forgotten = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
                return size() > remembered;
            }
        };
        // A quarter of the idle timeout: a session is ended no later than 1.25 times its timeout after its last use.
        long every = Math.clamp(limits.idleTimeout().toMillis() / 4, 10, 30_000);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridle-gateway-sessions");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
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

    /** Why session {@code id} ended, when the registry has forgotten it (idle, or ended and evicted for room). */
    Optional<Ended> forgotten(String id) {
        synchronized (forgotten) {
            Ended e = forgotten.get(id);
            if (e != null) {
                return Optional.of(e);
            }
            Instant until = endedNames.get(nameDigest(id));
            if (until != null && clock.instant().isBefore(until)) {
                // Its reason fell out of the bounded table; the name alone still keeps it ended.
                return Optional.of(new Ended("it ended earlier and its name stays ended for " + human(REMEMBERED),
                        "session.ended"));
            }
            return Optional.empty();
        }
    }

    /** The first 64 bits of {@code id}'s SHA-256: what {@link #endedNames} keeps of a name. */
    private static long nameDigest(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The session {@code id}, opened (and its run begun in the store) on its first request, and locked for the
     * caller, who unlocks it. A 409 when another request holds it past {@link Limits#sessionWait()}; a 403 when it has
     * ended and been forgotten; a 429 when it is new and the table is full.
     */
    GatewaySession acquire(String id, Optional<String> agentHeader, String model) {
        GatewaySession s = open(id, agentHeader, model);
        if (!s.tryLock(limits.sessionWait())) {
            throw new GatewayException(409, "conflict_error", "bridle gateway: session '" + id + "' is busy with"
                    + " another request and stayed busy for " + human(limits.sessionWait()) + " (rule "
                    + Limits.BUSY_RULE + "); a session serves one request at a time");
        }
        if (s.evicted()) {
            // Forgotten between the look-up and the lock: answered as any forgotten session is.
            s.unlock();
            throw gone(id, new Ended(s.ended().orElse("ended"), Limits.IDLE_RULE));
        }
        return s;
    }

    /** The session {@code id}, opened (and its run begun in the store) on its first request. */
    GatewaySession open(String id, Optional<String> agentHeader, String model) {
        GatewaySession s = sessions.get(id);
        if (s != null) {
            return s;
        }
        Optional<Ended> gone = forgotten(id);
        if (gone.isPresent()) {
            throw gone(id, gone.get());
        }
        synchronized (opening) {
            s = sessions.get(id);
            if (s != null) {
                return s;
            }
            if (sessions.size() >= limits.maxSessions()) {
                // Sessions already ended (by a guard) make room first: they serve only their refusal.
                for (GatewaySession e : sessions.values()) {
                    if (e.ended().isPresent()) {
                        forget(e, e.ended().get(), "session.ended");
                    }
                }
            }
            if (sessions.size() >= limits.maxSessions()) {
                throw new GatewayException(429, "rate_limit_error", "bridle gateway: " + sessions.size()
                        + " sessions are open, the most this gateway holds (--max-sessions " + limits.maxSessions()
                        + ", rule " + Limits.CAP_RULE + "); a new session can start when one ends or has been idle"
                        + " for " + human(limits.idleTimeout()));
            }
            s = start(id, agentHeader, model);
            sessions.put(id, s);
            return s;
        }
    }

    private static GatewayException gone(String id, Ended e) {
        return new GatewayException(403, "permission_error", "bridle: session '" + id + "' has ended (" + e.reason()
                + "); start a new session to go on");
    }

    /** Ends and forgets every session idle for longer than the timeout; one busy now is left for the next sweep. */
    void sweep() {
        try {
            Instant now = clock.instant();
            synchronized (forgotten) {
                // Oldest first: names whose time is up are let go from the head.
                var it = endedNames.values().iterator();
                while (it.hasNext() && !now.isBefore(it.next())) {
                    it.remove();
                }
            }
            Instant cutoff = now.minus(limits.idleTimeout());
            for (GatewaySession s : sessions.values()) {
                if (s.lastActive().isBefore(cutoff)) {
                    String rule = s.ended().isPresent() ? "session.ended" : Limits.IDLE_RULE;
                    String reason = s.ended().orElse("stopped by rule '" + Limits.IDLE_RULE + "': no request for "
                            + human(limits.idleTimeout()));
                    if (s.evict(reason, cutoff)) {
                        remember(s, reason, rule);
                    }
                }
            }
        } catch (RuntimeException e) {
            // The sweeper must survive a store failure: the next sweep tries again.
            LOG.warn("session sweep failed", e);
        }
    }

    private void forget(GatewaySession s, String reason, String rule) {
        if (s.evict(reason, Instant.MAX)) {
            remember(s, reason, rule);
        }
    }

    private void remember(GatewaySession s, String reason, String rule) {
        synchronized (forgotten) {
            forgotten.put(s.id(), new Ended(reason, rule));
            long key = nameDigest(s.id());
            // Removed first so that the order stays by time ended, which the sweep relies on.
            endedNames.remove(key);
            endedNames.put(key, clock.instant().plus(REMEMBERED));
            if (endedNames.size() > MOST_REMEMBERED) {
                endedNames.pollFirstEntry();
                LOG.warn("more than {} sessions ended within {}: the oldest ended name is let go", MOST_REMEMBERED,
                        human(REMEMBERED));
            }
        }
        sessions.remove(s.id(), s);
    }

    /** {@code PT30M} as a person says it: 30m, 1h, 250ms. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
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
        return new GatewaySession(id, runId, agent, run, recording, policy, approvals, clock);
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
        sweeper.shutdownNow();
        approvals.withdraw(Optional.empty(), "gateway stopped");
        for (GatewaySession s : sessions.values()) {
            s.close(reason);
        }
    }
}
