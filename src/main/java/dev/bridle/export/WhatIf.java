package dev.bridle.export;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.Decision;
import dev.bridle.context.Summarizer;
import dev.bridle.engine.Approver;
import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.engine.RunResult;
import dev.bridle.event.RunEvent;
import dev.bridle.model.ModelException;
import dev.bridle.model.ModelPort;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.ModelResponse;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.tool.ToolPort;
import dev.bridle.tool.ToolResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Offline what-if: runs another harness against what a recorded run's model said and its tools returned, never
 * calling a model or a tool, and compares every decision. The new run goes through the engine itself, so the new
 * harness's whole policy applies (workflow, guards, permissions, locks, compaction); where it leads the agent
 * somewhere the recording never went (a call that was refused before, more steps than were recorded), the report
 * says so instead of guessing.
 */
public final class WhatIf {

    private static final Set<String> DECISIONS = Set.of("permission.checked", "guard.triggered", "lock.acquired",
            "lock.refused", "lock.waited", "context.compacted", "approval.requested", "approval.answered",
            "error.handled", "checkpoint.restored", "run.ended");

    private WhatIf() {}

    /**
     * The comparison.
     *
     * @param recordedEnd how the recorded run ended, if the recording has its end
     * @param firstDivergence the first decision that differs, by position in the two decision lists
     * @param onlyRecorded decisions the recorded run took that the new harness does not
     * @param onlyNew decisions the new harness takes that the recorded run did not
     * @param notes where the replay had to leave the recording
     * @param events the new run's events
     * @param undecided the notes that say the new run is no longer decided by the recording alone: the replay had to
     *     invent a reply, a tool result, an answer or a real-path check, so its decisions from there are a guess
     */
    public record Report(Optional<RunEvent.RunEnded> recordedEnd, RunResult result, List<String> recorded,
            List<String> now, Optional<Divergence> firstDivergence, List<String> onlyRecorded, List<String> onlyNew,
            List<String> notes, List<RunEvent> events, List<String> undecided) {

        public boolean same() {
            return firstDivergence.isEmpty();
        }
    }

    /** The first place the decisions differ: the step, and the decision in each run (empty when that run had none). */
    public record Divergence(int step, Optional<String> recorded, Optional<String> now) {}

    /** Replays {@code recorded} against {@code harness}. */
    public static Report run(Harness harness, RunJournal.Recorded recorded) {
        List<String> notes = new ArrayList<>();
        Replayed replayed = new Replayed(recorded.events(), recorded.facts(), notes);
        String task = recorded.header().map(RunJournal.Header::task).orElse("");
        if (recorded.header().isEmpty()) {
            notes.add("the recording has no header line, so the task is unknown; the context starts without it");
        }
        String model = "whatif:" + recorded.header().map(RunJournal.Header::model).orElse("recording");
        List<RunEvent> events = new ArrayList<>();
        Bindings bindings = new Bindings(replayed.model(model), replayed.tools(),
                replayed.gate(PermissionGate.of(harness, Optional.empty())), replayed.approver(),
                replayed.summarizer(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), TokenCounter.cl100k(),
                Bindings.Pause.none());
        RunResult result = new Engine(harness, bindings, events::add).run(task);
        boolean readsState = harness.workflow().nodes().values().stream().anyMatch(n -> n instanceof Node.CheckNode)
                || harness.guards().stream().anyMatch(g -> g instanceof GuardSpec.Complete);
        if (recorded.facts().sets().isEmpty() && readsState) {
            notes.add("the recording carries no variables set by tools (record it with bridle record to keep them),"
                    + " so checks and completion criteria on state see none");
        }
        if (replayed.realPathsReplayed > 0) {
            notes.add(replayed.realPathsReplayed + " real-path decision(s) (rule path-scope) replayed from the"
                    + " recording: they depend on the workspace, not on the harness");
        }
        List<String> before = decisions(recorded.events());
        List<String> after = decisions(events);
        Optional<Divergence> first = Optional.empty();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            String b = i < before.size() ? before.get(i) : null;
            String a = i < after.size() ? after.get(i) : null;
            if (b == null || !b.equals(a)) {
                int step = stepOf(a != null ? a : b);
                first = Optional.of(new Divergence(step, Optional.ofNullable(b), Optional.ofNullable(a)));
                break;
            }
        }
        Optional<RunEvent.RunEnded> end = recorded.events().stream()
                .filter(e -> e instanceof RunEvent.RunEnded).map(e -> (RunEvent.RunEnded) e).findFirst();
        return new Report(end, result, before, after, first, minus(before, after), minus(after, before),
                List.copyOf(new LinkedHashSet<>(notes)), List.copyOf(events),
                List.copyOf(new LinkedHashSet<>(replayed.undecided)));
    }

    /** The report in words, as {@code bridle whatif} prints it. */
    public static String render(Harness harness, Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("recorded: ").append(r.recordedEnd().map(e -> e.outcome().word() + " at step " + e.step()
                + (e.rule() == null ? "" : " by rule '" + e.rule() + "'") + ": " + e.reason())
                .orElse("(the recording has no run.ended)")).append('\n');
        sb.append("new:      ").append(r.result().headline()).append("   [harness '").append(harness.name())
                .append("']\n");
        if (r.same()) {
            sb.append("every decision is the same (").append(r.now().size()).append(" decisions)\n");
        } else {
            Divergence d = r.firstDivergence().get();
            sb.append("first divergence at step ").append(d.step()).append(":\n");
            sb.append("  recorded: ").append(d.recorded().orElse("(no more decisions)")).append('\n');
            sb.append("  new:      ").append(d.now().orElse("(no more decisions)")).append('\n');
            sb.append("decisions only in the recorded run (").append(r.onlyRecorded().size()).append("):\n");
            r.onlyRecorded().forEach(l -> sb.append("  - ").append(l).append('\n'));
            sb.append("decisions only under the new harness (").append(r.onlyNew().size()).append("):\n");
            r.onlyNew().forEach(l -> sb.append("  + ").append(l).append('\n'));
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }

    /** The decision events of a run, as comparable lines (no sequence numbers, no times). */
    public static List<String> decisions(List<RunEvent> events) {
        List<String> out = new ArrayList<>();
        for (RunEvent e : events) {
            if (DECISIONS.contains(e.kind())) {
                out.add("step " + e.step() + " " + e.kind() + (e.agent() == null ? "" : " " + e.agent())
                        + " rule=" + ruleOf(e) + " | " + e.summary());
            }
        }
        return out;
    }

    private static String ruleOf(RunEvent e) {
        return switch (e) {
            case RunEvent.ApprovalRequested a -> a.rule();
            case RunEvent.ApprovalAnswered a -> a.rule();
            case RunEvent.ErrorHandled x -> x.rule();
            case RunEvent.CheckpointRestored c -> c.rule();
            case RunEvent.PermissionChecked p -> p.rule();
            case RunEvent.RunEnded r -> r.rule();
            default -> e.rule();
        };
    }

    private static int stepOf(String line) {
        int space = line.indexOf(' ', 5);
        return Integer.parseInt(line.substring(5, space));
    }

    private static List<String> minus(List<String> a, List<String> b) {
        List<String> left = new ArrayList<>(b);
        List<String> out = new ArrayList<>();
        for (String s : a) {
            if (!left.remove(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The recording's model replies, tool results (with the variables they set, when the recording has them),
     * approvals, summaries and real-path decisions, handed out in order.
     */
    private static final class Replayed {
        /** Each agent's model calls in order: an answer, or the error the call failed with. */
        private final Map<String, Deque<Reply>> replies = new HashMap<>();
        private final Map<String, Deque<ToolResult>> results = new HashMap<>();
        private final Map<String, Deque<Approver.Answer>> answers = new HashMap<>();
        private final Map<String, Deque<String>> summaries = new HashMap<>();
        /** The resource text of each real-path refusal, by agent and call: a fact of the workspace. */
        private final Map<String, Deque<String>> realPaths = new HashMap<>();
        private final Set<String> refused = new LinkedHashSet<>();
        private final boolean summarized;
        /** Every call the recording asked for, by agent: their real paths were checked then. */
        private final Set<String> requestedCalls = new HashSet<>();
        private final List<String> notes;
        /** The notes where the replay had to invent what the recording does not hold. */
        private final List<String> undecided = new ArrayList<>();
        private int realPathsReplayed;

        Replayed(List<RunEvent> events, RunFacts facts, List<String> notes) {
            this.notes = notes;

            Map<String, String> requested = new HashMap<>();
            Map<String, Boolean> refusal = new HashMap<>();
            boolean summarize = false;
            for (RunEvent e : events) {
                switch (e) {
                    case RunEvent.ModelResponded m -> replies.computeIfAbsent(m.agent(), a -> new ArrayDeque<>())
                            .add(new Reply(new ModelResponse(m.text(), m.toolCalls().stream().map(WhatIf::parse)
                                    .toList(), m.tokensIn(), m.tokensOut(), m.latencyMillis()), null));
                    // A model call that failed is replayed as the same failure (a check's failure has no agent).
                    case RunEvent.ErrorHandled h when h.agent() != null -> replies.computeIfAbsent(h.agent(),
                            a -> new ArrayDeque<>()).add(new Reply(null, h.error()));
                    case RunEvent.ToolRequested t -> {
                        requested.put(t.agent(), key(t.agent(), new ToolCall(t.tool(), t.args())));
                        requestedCalls.add(key(t.agent(), new ToolCall(t.tool(), t.args())));
                        refusal.put(t.agent(), false);
                    }
                    case RunEvent.PermissionChecked p when p.effect().equals("deny") -> {
                        refusal.put(p.agent(), true);
                        String k = requested.get(p.agent());
                        if (Decision.PATH_SCOPE.equals(p.rule()) && k != null) {
                            realPaths.computeIfAbsent(k, x -> new ArrayDeque<>()).add(p.resource());
                        }
                    }
                    case RunEvent.LockRefused l -> refusal.put(l.agent(), true);
                    case RunEvent.GuardTriggered g when g.verdict().equals("deny") -> refusal.put(g.agent(), true);
                    case RunEvent.ApprovalAnswered a -> {
                        answers.computeIfAbsent(a.rule(), r -> new ArrayDeque<>()).add(new Approver.Answer(a.approved(), a.by()));
                        if (!a.approved() && a.agent() != null) {
                            refusal.put(a.agent(), true);
                        }
                    }
                    case RunEvent.ToolCompleted t -> {
                        String k = requested.remove(t.agent());
                        if (k != null && !refusal.getOrDefault(t.agent(), false)) {
                            results.computeIfAbsent(k, x -> new ArrayDeque<>())
                                    .add(new ToolResult(t.ok(), t.result(), t.durationMillis(),
                                            facts.sets().getOrDefault(t.seq(), Map.of())));
                        } else if (k != null) {
                            refused.add(k);
                        }
                    }
                    case RunEvent.ContextCompacted c when c.strategy().equals("summarize") -> {
                        String text = facts.summaries().get(c.seq());
                        if (text == null) {
                            summarize = true;
                        } else {
                            summaries.computeIfAbsent(c.agent(), a -> new ArrayDeque<>()).add(text);
                        }
                    }
                    default -> {}
                }
            }
            this.summarized = summarize;
        }

        private void gap(String note) {
            notes.add(note);
            undecided.add(note);
        }

        ModelPort model(String binding) {
            return new ModelPort() {
                @Override
                public String binding() {
                    return binding;
                }

                @Override
                public ModelResponse respond(ModelRequest request) throws ModelException {
                    Reply r = replies.getOrDefault(request.agent(), new ArrayDeque<>()).pollFirst();
                    if (r == null) {
                        gap("the recording has no more replies of agent '" + request.agent()
                                + "': the new harness lets the run go further than the recorded one went");
                        throw new ModelException("what-if: the recording has no more replies of agent '"
                                + request.agent() + "'");
                    }
                    if (r.error() != null) {
                        throw new ModelException(r.error());
                    }
                    return r.response();
                }
            };
        }

        /** One recorded model call: its answer, or the error it failed with. */
        private record Reply(ModelResponse response, String error) {}

        ToolPort tools() {
            return (agent, call) -> {
                String k = key(agent, call);
                ToolResult r = results.getOrDefault(k, new ArrayDeque<>()).pollFirst();
                if (r != null) {
                    return r;
                }
                gap((refused.contains(k) ? "a call refused in the recording is allowed now; its result is"
                        + " unknown: " : "a call the recording never ran: ") + agent + " " + call);
                return ToolResult.error("what-if: no recorded result for " + call);
            };
        }

        Approver approver() {
            return q -> {
                Approver.Answer a = answers.getOrDefault(q.rule(), new ArrayDeque<>()).pollFirst();
                if (a == null) {
                    gap("no recorded answer to the question of rule '" + q.rule() + "'; counted as no");
                    return new Approver.Answer(false, "what-if (no recorded answer)");
                }
                return a;
            };
        }

        /**
         * The harness's gate, except for calls the recording refused by a real-path check: their refusal is replayed,
         * since it depends on the workspace (a {@code ..} or a symlink out of it), which the what-if does not have.
         */
        ToolGate gate(PermissionGate rules) {
            return (agent, call) -> {
                String recordedResource = realPaths.getOrDefault(key(agent, call), new ArrayDeque<>()).pollFirst();
                if (recordedResource != null) {
                    realPathsReplayed++;
                    return new ToolGate.Decision(Effect.DENY, Decision.PATH_SCOPE, recordedResource);
                }
                if (AccessRequest.fromCall(agent, call).path().isPresent()
                        && !requestedCalls.contains(key(agent, call))) {
                    gap("the real-path check of a call the recording never made is not re-decidable (no"
                            + " workspace); the rules alone decide it: " + agent + " " + call);
                }
                return rules.check(agent, call);
            };
        }

        Summarizer summarizer() {
            return (agent, messages) -> {
                String text = summaries.getOrDefault(agent, new ArrayDeque<>()).pollFirst();
                if (text != null) {
                    return text;
                }
                if (summarized) {
                    gap("summaries are not recorded; compaction drops the oldest messages instead, so context"
                            + " sizes can differ from the recording");
                }
                throw new Summarizer.SummaryException("summaries are not recorded");
            };
        }

        private static String key(String agent, ToolCall call) {
            return agent + " " + call;
        }
    }

    /** {@code fs.read{"path":"a"}}, as events print calls, back into a call. */
    static ToolCall parse(String printed) {
        int brace = printed.indexOf('{');
        return brace < 0 ? new ToolCall(printed, "{}") : new ToolCall(printed.substring(0, brace),
                printed.substring(brace));
    }
}
