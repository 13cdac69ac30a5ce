package dev.bridle.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Outcome;
import dev.bridle.runtime.BridleRuntime;
import dev.bridle.runtime.Decision;
import dev.bridle.runtime.RunOptions;
import dev.bridle.runtime.RuntimeRun;
import dev.bridle.runtime.Session;
import dev.bridle.runtime.StepReport;
import dev.bridle.runtime.ToolOutcome;
import dev.bridle.store.Durability;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A harness enforced on Claude Code through its hooks: each {@code PreToolUse}, {@code PostToolUse} and {@code Stop}
 * call is one decision of the embeddable runtime, answered in the hook's own JSON. Claude Code starts a new process
 * for every call, so a session's state lives in the run store: its run ({@code claude-SESSION}) is resumed, its
 * recorded events are replayed through a fresh runtime to rebuild the counters, windows and budgets, the new call is
 * decided and recorded, and the run is suspended until the next call. Loop, step, token and deadline guards therefore
 * count across calls, and the workbench shows the session as a run.
 *
 * <p>A Claude Code step is one model round trip: a tool call's {@code PostToolUse} ends it, as does {@code Stop}, which
 * ends the turn. {@code Stop} is blocked while the harness has a completion guard that does not hold yet.
 */
public final class ClaudeCodeHook {

    /** How long a call waits for another process that holds the same session's run. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(20);

    static final String SUSPENDED = "waiting for the session's next Claude Code hook call";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness;
    private final String digest;
    private final String agent;
    private final RunStore store;
    private final Clock clock;

    public ClaudeCodeHook(Harness harness, String digest, String agent, RunStore store, Clock clock) {
        if (!harness.agents().containsKey(agent)) {
            throw new IllegalArgumentException("the harness has no agent '" + agent + "'");
        }
        this.harness = harness;
        this.digest = digest;
        this.agent = agent;
        this.store = store;
        this.clock = clock;
    }

    /** The run that records a Claude Code session: {@code claude-} and its id, or a digest of a long or odd one. */
    public static String runId(String sessionId) {
        if (sessionId.matches("[A-Za-z0-9_.-]{1,57}")) {
            return "claude-" + sessionId;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "claude-" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers one hook call: the JSON to print on standard output (an empty object when there is nothing to say). */
    public ObjectNode answer(HookInput in) throws HookException {
        String runId = runId(in.sessionId());
        Optional<RunSummary> row = store.run(runId);
        if (row.isPresent() && row.get().outcome().isPresent() && row.get().outcome().get() != Outcome.INTERRUPTED) {
            return ended(in, row.get());
        }
        Live live = row.isEmpty() ? start(in, runId) : resume(in, runId);
        try {
            return decide(in, live);
        } finally {
            if (live.run.ended().isEmpty()) {
                live.recording.suspend(SUSPENDED);
            } else {
                live.recording.close();
            }
        }
    }

    /** A session's run, live in this process, and where its events go. */
    private record Live(RuntimeRun run, Session session, Recording recording, ReplayState state) {}

    /** What the replay learnt that the runtime does not say: the question waiting, and the last args of each tool. */
    private static final class ReplayState {
        Decision.Ask pendingAsk;
        ClaudeTools.Call pendingCall;
        /** The step's last call was refused, so it never ran and no PostToolUse will end the step. */
        boolean refusedLast;
        final Map<String, String> lastArgs = new java.util.HashMap<>();
    }

    private Live start(HookInput in, String runId) {
        Recording recording = store.begin(runId, harness.name(), digest, "claude-code", clock.instant());
        RuntimeRun run = BridleRuntime.of(harness).startRun(options(in, recording, clock));
        Session session = run.session(agent);
        session.beforeModelCall(0);
        return new Live(run, session, recording, new ReplayState());
    }

    private Live resume(HookInput in, String runId) throws HookException {
        Recording recording = waitFor(runId);
        List<RunEvent> events = store.events(runId);
        ReplayClock replayClock = new ReplayClock(clock);
        Forwarding sink = new Forwarding(recording, store.lastSeq(runId));
        RuntimeRun run = BridleRuntime.of(harness).startRun(options(in, sink, replayClock));
        Session session;
        ReplayState state = new ReplayState();
        replayClock.at(events.isEmpty() ? clock.instant() : events.getFirst().at());
        session = run.session(agent);
        for (RunEvent e : events) {
            replayClock.at(e.at());
            while (run.steps() < e.step() && run.ended().isEmpty()) {
                session.afterStep(StepReport.of(0, 0, ""));
            }
            switch (e) {
                case RunEvent.ModelRequested m -> {
                    state.refusedLast = false;
                    session.beforeModelCall(m.contextTokens());
                }
                case RunEvent.ToolRequested t -> {
                    state.lastArgs.put(t.tool(), t.args());
                    Decision d = session.beforeToolCall(t.tool(), t.args());
                    state.refusedLast = d instanceof Decision.Deny;
                    if (d instanceof Decision.Ask ask) {
                        state.pendingAsk = ask;
                        state.pendingCall = new ClaudeTools.Call(t.tool(), t.args());
                    }
                }
                case RunEvent.ApprovalAnswered a -> {
                    if (state.pendingAsk != null) {
                        Decision.Ask ask = state.pendingAsk;
                        state.pendingAsk = null;
                        session.answer(ask, a.approved(), a.by());
                    }
                }
                case RunEvent.ToolCompleted c -> {
                    String args = state.lastArgs.getOrDefault(c.tool(), "{}");
                    if (!wasRefused(c)) {
                        state.refusedLast = false;
                        session.toolCompleted(new ToolOutcome(c.tool(), args, c.ok(), c.result(), Map.of()));
                    }
                }
                default -> {
                    // run.started, node.entered and every decision event are consequences of the calls above
                }
            }
        }
        replayClock.live();
        sink.live();
        return new Live(run, session, recording, state);
    }

    /** A tool.completed the runtime wrote itself for a call it refused: replayed by the refusal, not reported. */
    private static boolean wasRefused(RunEvent.ToolCompleted c) {
        return !c.ok() && c.result() != null && c.result().startsWith("denied by rule ");
    }

    private Recording waitFor(String runId) throws HookException {
        Instant until = Instant.now().plus(BUSY_WAIT);
        while (true) {
            Optional<Recording> r = store.resume(runId, Durability.EVERY_STEP);
            if (r.isPresent()) {
                return r.get();
            }
            if (Instant.now().isAfter(until)) {
                throw new HookException("the session's run " + runId + " stayed busy in another process for "
                        + BUSY_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HookException("interrupted while waiting for run " + runId);
            }
        }
    }

    private static RunOptions options(HookInput in, EventSink sink, Clock clock) {
        return RunOptions.defaults().withWorkspace(in.cwd()).withEvents(sink).withClock(clock)
                .withModel("claude-code");
    }

    private ObjectNode decide(HookInput in, Live live) {
        return switch (in.event()) {
            case "PreToolUse" -> preToolUse(in, live);
            case "PostToolUse" -> postToolUse(in, live);
            case "Stop" -> stop(in, live);
            default -> JSON.createObjectNode();
        };
    }

    private ObjectNode preToolUse(HookInput in, Live live) {
        ClaudeTools.Call call = ClaudeTools.of(harness.tools(), in.toolName(), in.toolInput(), in.cwd());
        rejectUnansweredQuestion(live);
        if (live.state.refusedLast) {
            // The last call was refused and never ran: this one comes from a new model round trip, so that step has
            // ended. Without this, a model that repeats a refused call would never be counted by loop or budget.
            ObjectNode over = afterStep(live.session.afterStep(StepReport.of(0, 0, "")));
            if (over == null) {
                over = afterStep(live.session.beforeModelCall(0));
            }
            if (over != null && over.has("stopReason")) {
                return halt(permission("deny", over.get("stopReason").asText()), over.get("stopReason").asText());
            }
        }
        Decision d = live.session.beforeToolCall(call.tool(), call.args());
        live.state.refusedLast = d instanceof Decision.Deny;
        return switch (d) {
            case Decision.Allow a -> permission("allow", "allowed by rule '" + a.rule() + "'");
            case Decision.Warn w -> permission("allow", "allowed with a warning by rule '" + w.rule() + "': "
                    + w.detail());
            case Decision.Nudge n -> permission("allow", "allowed by rule '" + n.rule() + "'");
            case Decision.Deny x -> permission("deny", x.reason().startsWith("denied by rule") ? x.reason()
                    : "denied by rule '" + x.rule() + "': " + x.reason());
            case Decision.Ask q -> {
                live.state.pendingAsk = q;
                live.state.pendingCall = call;
                yield permission("ask", q.question());
            }
            case Decision.Stop s -> halt(permission("deny", s.reason()), s.reason());
            case Decision.Complete c -> halt(permission("deny", "the run is complete (rule '" + c.rule() + "')"),
                    "the run is complete (rule '" + c.rule() + "')");
        };
    }

    private ObjectNode postToolUse(HookInput in, Live live) {
        ClaudeTools.Call call = ClaudeTools.of(harness.tools(), in.toolName(), in.toolInput(), in.cwd());
        if (live.state.pendingAsk != null) {
            Decision.Ask ask = live.state.pendingAsk;
            live.state.pendingAsk = null;
            // Claude Code ran the call it was asked about: the person at its prompt said yes.
            live.session.answer(ask, call.equals(live.state.pendingCall), "claude-code");
        }
        boolean ok = !in.toolResponse().path("is_error").asBoolean(false)
                && !in.toolResponse().path("interrupted").asBoolean(false);
        live.session.toolCompleted(new ToolOutcome(call.tool(), call.args(), ok, summary(in.toolResponse()),
                Map.of()));
        Decision d = live.session.afterStep(StepReport.of(0, 0, ""));
        ObjectNode out = afterStep(d);
        if (out != null) {
            return out;
        }
        Decision next = live.session.beforeModelCall(0);
        ObjectNode before = afterStep(next);
        return before != null ? before : JSON.createObjectNode();
    }

    private ObjectNode stop(HookInput in, Live live) {
        rejectUnansweredQuestion(live);
        String reply = Transcripts.lastAssistantText(in.transcript()).orElse("");
        Decision d = live.session.afterStep(StepReport.of(0, 0, reply));
        ObjectNode out = JSON.createObjectNode();
        switch (d) {
            case Decision.Complete c -> {
                return out;
            }
            case Decision.Stop s -> {
                out.put("systemMessage", s.reason());
                return out;
            }
            default -> {
                // the turn ends without a verdict: see whether the harness says the work is done
            }
        }
        Optional<GuardSpec.Complete> criterion = harness.guards().stream()
                .filter(g -> g instanceof GuardSpec.Complete).map(g -> (GuardSpec.Complete) g)
                .filter(g -> g.agent().isEmpty() || g.agent().get().equals(agent)).findFirst();
        Decision next = live.session.beforeModelCall(0);
        if (next instanceof Decision.Stop s) {
            out.put("systemMessage", s.reason());
            return out;
        }
        if (criterion.isPresent()) {
            out.put("decision", "block");
            out.put("reason", "not done: completion guard '" + criterion.get().id() + "' (" + criterion.get().when()
                    + ") does not hold yet; keep working");
        }
        return out;
    }

    /** A question Claude Code never ran the call for (no PostToolUse came) was answered no. */
    private static void rejectUnansweredQuestion(Live live) {
        if (live.state.pendingAsk != null) {
            Decision.Ask ask = live.state.pendingAsk;
            live.state.pendingAsk = null;
            live.session.answer(ask, false, "claude-code");
        }
    }

    /** The answer after a step when a guard had something to say; null to go on. */
    private static ObjectNode afterStep(Decision d) {
        return switch (d) {
            case Decision.Stop s -> {
                ObjectNode out = JSON.createObjectNode();
                out.put("decision", "block");
                out.put("reason", s.reason());
                yield halt(out, s.reason());
            }
            case Decision.Complete c -> halt(JSON.createObjectNode(), "the run is complete (rule '" + c.rule() + "')");
            case Decision.Nudge n -> {
                ObjectNode out = JSON.createObjectNode();
                ObjectNode specific = out.putObject("hookSpecificOutput");
                specific.put("hookEventName", "PostToolUse");
                specific.put("additionalContext", n.message());
                yield out;
            }
            case Decision.Warn w -> {
                ObjectNode out = JSON.createObjectNode();
                out.put("systemMessage", "warning from rule '" + w.rule() + "': " + w.detail());
                yield out;
            }
            default -> null;
        };
    }

    /** The answer for a run that has ended: every tool call is refused with its reason, and Claude Code stops. */
    private ObjectNode ended(HookInput in, RunSummary run) {
        String reason = run.reason() == null || run.reason().isBlank()
                ? "the session's run has ended (" + run.outcome().get().word() + ")" : run.reason();
        return switch (in.event()) {
            case "PreToolUse" -> halt(permission("deny", reason), reason);
            case "PostToolUse" -> halt(JSON.createObjectNode(), reason);
            default -> JSON.createObjectNode();
        };
    }

    private static ObjectNode permission(String decision, String reason) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode specific = out.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        specific.put("permissionDecision", decision);
        specific.put("permissionDecisionReason", reason);
        return out;
    }

    /** Claude Code stops the session, and shows the rule's reason to the user. */
    private static ObjectNode halt(ObjectNode out, String reason) {
        out.put("continue", false);
        out.put("stopReason", reason);
        return out;
    }

    /** The tool's response as text for the record, cut short: a file's whole content is not the point. */
    private static String summary(JsonNode response) {
        if (response == null || response.isMissingNode() || response.isNull()) {
            return "";
        }
        String text = response.isTextual() ? response.asText() : response.toString();
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }
}
