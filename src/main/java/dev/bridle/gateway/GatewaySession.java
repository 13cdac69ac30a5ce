package dev.bridle.gateway;

import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.model.Message;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.GatewayPolicy;
import dev.bridle.policy.Outcome;
import dev.bridle.runtime.CompactionInstruction;
import dev.bridle.runtime.ContextMessage;
import dev.bridle.runtime.MessageCut;
import dev.bridle.runtime.Decision;
import dev.bridle.runtime.ModelCallCheck;
import dev.bridle.runtime.RuntimeRun;
import dev.bridle.runtime.Session;
import dev.bridle.runtime.StepReport;
import dev.bridle.runtime.ToolOutcome;
import dev.bridle.store.Recording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One agent run seen through the gateway: a {@link RuntimeRun} with one open {@link Session}, so that every request
 * is decided by the same engine code as a scripted run, and every decision is recorded as the same events. A step is
 * one model round trip: {@link #before} (the tool results the request brings, then the guards and the context
 * budget), the upstream call, then {@link #judge} (each tool call's permission, then the guards after the step).
 *
 * <p>A session serves one request at a time: {@link #lock()} is held for a whole exchange, so two requests of the
 * same agent are decided in order, and requests of other sessions never wait for it.
 */
public final class GatewaySession {

    private final String id;
    private final String runId;
    private final String agent;
    private final RuntimeRun run;
    private final Session session;
    private final Recording recording;
    private final GatewayPolicy policy;
    private final Approvals approvals;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Calls the client was given and whose results have not come back yet, by call id (or tool name, for Ollama). */
    private final Map<String, ToolCall> awaiting = new LinkedHashMap<>();
    /** Nudges to put before the model on the next request. */
    private final List<String> nudges = new ArrayList<>();
    private volatile String ended;
    /** The registry forgot it: its run is closed, and a request that still holds it is refused. */
    private volatile boolean evicted;
    private volatile Instant lastActive;
    private volatile int requests;

    GatewaySession(String id, String runId, String agent, RuntimeRun run, Recording recording, GatewayPolicy policy,
            Approvals approvals, Clock clock) {
        this.clock = clock;
        Instant now = clock.instant();
        this.id = id;
        this.runId = runId;
        this.agent = agent;
        this.run = run;
        this.recording = recording;
        this.policy = policy;
        this.approvals = approvals;
        this.session = run.session(agent);
        this.lastActive = now;
    }

    /** The session's name: the {@code X-Bridle-Session} header, the request's metadata, or a digest. */
    public String id() {
        return id;
    }

    /** The run that records this session in the store. */
    public String runId() {
        return runId;
    }

    public String agent() {
        return agent;
    }

    /** Completed steps (model round trips). */
    public int steps() {
        return run.steps();
    }

    /** Requests served, refused ones included. */
    public int requests() {
        return requests;
    }

    public Instant lastActive() {
        return lastActive;
    }

    /** Why the session ended ("stopped by guard 'loop' (…)"), or empty while it goes on. */
    public Optional<String> ended() {
        return Optional.ofNullable(ended);
    }

    /** Waits until the session's events so far are in the store (the workbench and tests read them back). */
    public void flush() {
        if (recording != null) {
            recording.flush();
        }
    }

    void lock() {
        lock.lock();
    }

    /** Waits at most {@code wait} for the session; false when another request still holds it then. */
    boolean tryLock(Duration wait) {
        try {
            return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean evicted() {
        return evicted;
    }

    /**
     * Ends the run, when it still goes on, as {@code stopped} by rule {@value Limits#IDLE_RULE} for {@code reason},
     * and closes it, when the session has been idle since before {@code cutoff} and no request holds it now; false
     * otherwise (it stays).
     */
    boolean evict(String reason, Instant cutoff) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (evicted || !lastActive.isBefore(cutoff)) {
                return false;
            }
            evicted = true;
            if (ended == null) {
                ended = reason;
                session.close();
                run.end(Outcome.STOPPED, reason, Limits.IDLE_RULE);
            }
            approvals.withdraw(Optional.of(id), "session ended");
            run.close();
            if (recording != null) {
                recording.close();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void unlock() {
        // Idle counts from the end of the last exchange: a long stream or a slow approval is not idleness.
        lastActive = clock.instant();
        lock.unlock();
    }

    /** What to do with a request before it goes upstream. */
    sealed interface Before {
        /**
         * Forward it, after eliding the messages at {@code elide}, replacing the text of those at {@code cuts} (cut to
         * fit the window, with a note to the model) and appending {@code inject} as user messages; every index is one
         * of the client's messages.
         */
        record Forward(Set<Integer> elide, String marker, List<String> inject, Map<Integer, String> cuts)
                implements Before {}

        /** Answer with a final assistant message; the session has ended (or has just ended) for {@code reason}. */
        record Stopped(String reason, boolean now) implements Before {}
    }

    /** What the client gets of a model response. */
    record Judgement(Map<String, String> dropped, Optional<String> replace, Optional<GatewayException> error) {

        static Judgement keep() {
            return new Judgement(Map.of(), Optional.empty(), Optional.empty());
        }

        /** The text that takes the dropped calls' place in the response: one line per call. */
        String notes() {
            return String.join("\n", dropped.values());
        }
    }

    /** The tool results the request brings, then the guards and the context budget before the model call. */
    Before before(Turn turn, Instant now) {
        requests++;
        lastActive = now;
        if (ended != null) {
            return new Before.Stopped(ended, false);
        }
        report(turn.results());
        List<ContextMessage> context = new ArrayList<>();
        for (Message m : turn.messages()) {
            context.add(ContextMessage.of(m));
        }
        List<String> inject = List.copyOf(nudges);
        nudges.clear();
        for (String n : inject) {
            context.add(ContextMessage.of(Message.user(n)));
        }
        ModelCallCheck check = session.beforeModelCall(context);
        Decision d = settle(check.decision());
        if (!d.proceeds()) {
            return new Before.Stopped(end(d), true);
        }
        Set<Integer> elide = new LinkedHashSet<>();
        String marker = "";
        if (check.compaction().isPresent()) {
            CompactionInstruction c = check.compaction().get();
            // The client keeps its own history: the messages compaction removes are elided in the request that goes
            // upstream (their place kept, so that tool calls and results still pair up), and the event says so.
            for (int i : c.remove()) {
                if (i < turn.messages().size()) {
                    elide.add(i);
                }
            }
            marker = c.summaryText().isEmpty() ? "[elided by bridle: context." + c.strategy() + "]" : c.summaryText();
        }
        // A cut's index is a position in the context after compaction; the client's list keeps every position (the
        // elided messages stay as markers), so map it back.
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < context.size(); i++) {
            if (!elide.contains(i)) {
                positions.add(i);
            } else if (!marker.isEmpty() && check.compaction().get().summaryText().equals(marker)
                    && i == check.compaction().get().remove().getFirst()) {
                positions.add(-1 - i);
            }
        }
        Map<Integer, String> cuts = new LinkedHashMap<>();
        for (MessageCut cut : check.cuts()) {
            int at = cut.index() < positions.size() ? positions.get(cut.index()) : cut.index();
            if (at < 0) {
                marker = cut.text(); // the summary itself was cut
            } else if (at < turn.messages().size()) {
                cuts.put(at, cut.text());
            }
        }
        return new Before.Forward(elide, marker, inject, cuts);
    }

    /** The model's response: each tool call's permission, then the guards after the step. */
    Judgement judge(Reply reply, long latencyMillis) {
        if (ended != null) {
            // Nothing of an ended session's answer reaches the client, held tool calls included.
            return stopped(ended, reply);
        }
        session.modelResponded(reply.text(), reply.calls(), reply.tokensIn(), reply.tokensOut(), latencyMillis);
        Map<String, String> dropped = new LinkedHashMap<>();
        List<Decision.Deny> denials = new ArrayList<>();
        List<ToolCall> kept = new ArrayList<>();
        for (ToolCall call : reply.calls()) {
            Decision d = settle(session.beforeToolCall(call.tool(), call.args()));
            if (d instanceof Decision.Deny deny) {
                denials.add(deny);
                dropped.put(call.id(), "[bridle] the tool call " + call.tool() + " was not made: " + deny.reason());
            } else if (d.endsRun()) {
                return stopped(end(d), reply);
            } else {
                kept.add(call);
            }
        }
        Decision after = settle(session.afterStep(StepReport.of(reply.tokensIn(), reply.tokensOut(), reply.text())));
        if (after.endsRun()) {
            return stopped(end(after), reply);
        }
        if (after instanceof Decision.Nudge n) {
            nudges.add(n.message());
        }
        for (ToolCall call : kept) {
            awaiting.put(key(call), call);
        }
        if (denials.isEmpty()) {
            return Judgement.keep();
        }
        return switch (policy.deniedCall()) {
            case REMOVE -> new Judgement(dropped, Optional.empty(), Optional.empty());
            case REFUSE -> {
                awaiting.clear();
                yield new Judgement(all(reply, dropped), Optional.of(String.join("\n", dropped.values())),
                        Optional.empty());
            }
            case ERROR -> {
                awaiting.clear();
                yield new Judgement(all(reply, dropped), Optional.empty(), Optional.of(new GatewayException(403,
                        "permission_error", String.join("\n", dropped.values()))));
            }
        };
    }

    /**
     * The decision API's tool call: the same permission check as a call the model emits through a front door, an
     * {@code ask} held until someone answers it, and a stop that ends the session.
     */
    Decision decideToolCall(String tool, String args) {
        lastActive = clock.instant();
        requests++;
        Decision d = settle(session.beforeToolCall(tool, args));
        if (d.endsRun()) {
            end(d);
        }
        return d;
    }

    /** The decision API's model call: the guards before it, over the context the caller is about to send. */
    Decision decideModelCall(List<ContextMessage> context) {
        lastActive = clock.instant();
        requests++;
        Decision d = settle(session.beforeModelCall(context).decision());
        if (d.endsRun()) {
            end(d);
        }
        return d;
    }

    /** The decision API's model call when the caller only knows the context's size. */
    Decision decideModelCall(int contextTokens) {
        lastActive = clock.instant();
        requests++;
        Decision d = settle(session.beforeModelCall(contextTokens));
        if (d.endsRun()) {
            end(d);
        }
        return d;
    }

    /** The decision API's step: its tool outcomes, then the guards after it (loop, no progress, budgets, completion). */
    Decision decideStep(StepReport report) {
        lastActive = clock.instant();
        requests++;
        Decision d = settle(session.afterStep(report));
        if (d.endsRun()) {
            end(d);
        }
        return d;
    }

    /** The upstream failed: recorded in the session, which goes on (the agent may retry). */
    void upstreamFailed(String reason) {
        if (ended == null) {
            session.modelFailed(reason, "reported");
        }
    }

    /** Ends the session's run as {@code interrupted} (the gateway stops), waiting until its events are stored. */
    void close(String reason) {
        lock.lock();
        try {
            if (evicted) {
                return;
            }
            evicted = true;
            if (ended == null) {
                // The turn ends before the run does: node.exited, then run.ended, as in a scripted run.
                ended = reason;
                session.close();
                run.end(Outcome.INTERRUPTED, reason, "gateway");
            }
            run.close();
            if (recording != null) {
                recording.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private Judgement stopped(String reason, Reply reply) {
        awaiting.clear();
        return new Judgement(all(reply, Map.of()), Optional.of(reason), Optional.empty());
    }

    /** Every call of the reply as dropped, keeping the notes of those denied. */
    private static Map<String, String> all(Reply reply, Map<String, String> notes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ToolCall c : reply.calls()) {
            out.put(c.id(), notes.getOrDefault(c.id(), ""));
        }
        return out;
    }

    /** An {@code ask} is put to a human and the session waits; the answer is given back to the engine. */
    private Decision settle(Decision d) {
        while (d instanceof Decision.Ask ask) {
            Approvals.Answer a = approvals.ask(id, runId, agent, ask.rule(), ask.question(), policy.approvalTimeout());
            d = session.answer(ask, a.approved(), a.by());
        }
        return d;
    }

    /** The reason a stop or completion gives the client, and the session's end. */
    private String end(Decision d) {
        String reason = switch (d) {
            case Decision.Stop s -> s.reason().startsWith("guard '") ? "stopped by " + s.reason()
                    : "stopped by rule '" + s.rule() + "': " + s.reason();
            case Decision.Complete c -> "completed: criterion '" + c.rule() + "' holds";
            default -> "stopped by rule '" + d.rule() + "'";
        };
        ended = reason;
        approvals.withdraw(Optional.of(id), "session ended");
        if (recording != null) {
            recording.flush();
        }
        return reason;
    }

    /** The results of the calls the client was given; a result for a call never given is not the harness's. */
    private void report(List<Turn.ToolResult> results) {
        for (Turn.ToolResult r : results) {
            ToolCall call = r.callId().isEmpty() ? null : awaiting.remove(r.callId());
            if (call == null) {
                // A format that names results by tool (Ollama) is matched to the first call of that tool.
                call = firstOf(r.tool());
            }
            if (call == null) {
                continue;
            }
            session.toolCompleted(r.error() ? ToolOutcome.error(call.tool(), call.args(), r.content())
                    : ToolOutcome.ok(call.tool(), call.args(), r.content()));
        }
    }

    private ToolCall firstOf(String tool) {
        Iterator<Map.Entry<String, ToolCall>> it = awaiting.entrySet().iterator();
        while (it.hasNext()) {
            ToolCall c = it.next().getValue();
            // A result that names neither call nor tool (some Ollama clients) answers the oldest call: in order.
            if (tool.isEmpty() || c.tool().equals(tool)) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    private static String key(ToolCall call) {
        return call.id().isEmpty() ? call.tool() : call.id();
    }
}
