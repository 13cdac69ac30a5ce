package dev.bridle.engine;

import dev.bridle.context.ContextWindow;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.expr.Condition;
import dev.bridle.expr.ExprFailure;
import dev.bridle.expr.Expressions;
import dev.bridle.guard.Guards;
import dev.bridle.model.Message;
import dev.bridle.model.ModelException;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.ModelResponse;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Edge;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.workspace.WorkspaceHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run loop and workflow interpreter. It walks the workflow graph, runs agents step by step (see
 * {@link AgentStep}), takes turns between parallel branches, saves and restores checkpoints, applies error policies,
 * and reports every decision as an event naming its rule. One engine runs one run; with the mock model a run is
 * deterministic: the same harness and scenario give the same events.
 */
public final class Engine {

    private final Harness harness;
    private final Bindings bindings;
    private final EventSink sink;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Run run;

    private final Path workspace;

    public Engine(Harness harness, Bindings bindings, EventSink sink) {
        this(harness, bindings, sink, null);
    }

    /**
     * An engine whose tools work in {@code workspace}: its checkpoints then capture the folder, a rollback restores
     * it byte for byte, and each tool call's changes to it are reported as {@code workspace.changed}.
     */
    public Engine(Harness harness, Bindings bindings, EventSink sink, Path workspace) {
        this.harness = harness;
        this.bindings = bindings;
        this.sink = sink;
        this.workspace = workspace;
    }

    /** Asks the run to stop at the next event boundary; it then ends as {@code interrupted}. Never interrupts. */
    public void cancel() {
        cancelled.set(true);
    }

    /** A view of the run's state, for the debugger; call it from the engine thread (an event sink) or after the run. */
    public Optional<RunSnapshot> snapshot() {
        Run r = run;
        return r == null ? Optional.empty() : Optional.of(RunSnapshot.of(r));
    }

    /** Runs the harness to exactly one outcome, with {@code task} as the user's request. */
    public RunResult run(String task) {
        Guards guards;
        try {
            guards = Guards.of(harness.guards(), harness.agents().values());
        } catch (ExprFailure e) {
            Run r = new Run(harness, bindings, sink, null, cancelled);
            return r.end(Outcome.FAILED, "a guard cannot be compiled: " + e.getMessage(), null).result;
        }
        Run r = new Run(harness, bindings, sink, guards, cancelled);
        run = r;
        // The deadline's clock starts with run.started, not with the work (compiling guards) before it.
        Instant started = r.now();
        r.state.started = started;
        r.emit(new RunEvent.RunStarted(r.next(), started, 0, harness.name(), bindings.model().binding()));
        try {
            if (workspace != null) {
                r.workspace = openWorkspace(r);
            }
            Walker walker = new Walker(r, task);
            return walker.drive(new Strand("main", harness.workflow().start()));
        } catch (RunEnd end) {
            return end.result;
        } finally {
            if (r.workspace != null) {
                try {
                    r.workspace.close();
                } catch (UncheckedIOException e) {
                    // The run has ended and said so; a copy left in the temporary folder must not change its result.
                }
            }
        }
    }

    /** The workspace's history; every file's bytes are kept only when the workflow has a checkpoint to restore. */
    private WorkspaceHistory openWorkspace(Run r) {
        boolean checkpoints = harness.workflow().nodes().values().stream()
                .anyMatch(n -> n instanceof Node.CheckpointNode);
        try {
            return WorkspaceHistory.open(workspace, checkpoints);
        } catch (IOException | UncheckedIOException e) {
            throw r.end(Outcome.FAILED, "the workspace cannot be read for checkpoints: " + e.getMessage(),
                    "workspace");
        }
    }

    /** Walks strands through the workflow. */
    private static final class Walker {
        private final Run run;
        private final String task;
        private final AgentStep agentStep;

        Walker(Run run, String task) {
            this.run = run;
            this.task = task;
            this.agentStep = new AgentStep(run);
        }

        private Map<String, Node> nodes() {
            return run.harness.workflow().nodes();
        }

        /** Runs the main strand until the run ends: every way out of the walk is a {@link RunEnd}, never a return. */
        RunResult drive(Strand strand) {
            while (true) {
                if (advance(strand) == AgentStep.Result.BLOCKED) {
                    throw run.end(Outcome.STOPPED, "deadlock: branch '" + strand.name + "' waits for a lock and no"
                            + " other branch can run", "coordination.locks");
                }
            }
        }

        /** Does one unit of work: one agent step, or one other node. */
        AgentStep.Result advance(Strand strand) {
            run.checkCancelled();
            Node node = nodes().get(strand.node);
            RunState s = run.state;
            s.node = node.id();
            if (!(node instanceof Node.AgentNode) || !strand.entered) {
                run.countTransition();
            }
            switch (node) {
                case Node.AgentNode a -> {
                    if (!strand.entered) {
                        enterAgent(strand, a);
                    }
                    AgentStep.Result result;
                    try {
                        result = agentStep.step(strand, a);
                    } catch (RolledBack back) {
                        run.locks.releaseAll(a.agent());
                        strand.endTurn();
                        strand.entered = false;
                        strand.node = back.next;
                        return AgentStep.Result.MORE;
                    }
                    if (result == AgentStep.Result.DONE) {
                        String next = choose(a.id(), a.next());
                        run.emit(new RunEvent.NodeExited(run.next(), run.now(), s.steps, a.id(), a.agent(), next));
                        run.locks.releaseAll(a.agent());
                        strand.handoff = handoff();
                        strand.entered = false;
                        strand.node = next;
                    }
                    return result;
                }
                case Node.CheckNode c -> check(strand, c);
                case Node.ApprovalNode a -> {
                    entered(a.id(), null);
                    boolean ok = run.ask(a.id(), a.id(), null, a.prompt());
                    exit(strand, a.id(), null, ok ? a.then() : a.otherwise());
                }
                case Node.CheckpointNode c -> {
                    entered(c.id(), null);
                    String next = choose(c.id(), c.next());
                    RunState.Snapshot snapshot = s.snapshot(c.id(), next);
                    if (run.workspace != null) {
                        try {
                            run.workspaceAt.put(snapshot, run.workspace.checkpoint());
                        } catch (IOException e) {
                            throw run.end(Outcome.FAILED, "checkpoint '" + c.id() + "' cannot capture the workspace: "
                                    + e.getMessage(), c.id());
                        }
                    }
                    run.checkpoints.addLast(snapshot);
                    run.emit(new RunEvent.CheckpointSaved(run.next(), run.now(), s.steps, c.id(), c.id()));
                    exit(strand, c.id(), null, next);
                }
                case Node.ParallelNode p -> parallel(strand, p);
                case Node.JoinNode j -> {
                    entered(j.id(), null);
                    exit(strand, j.id(), null, choose(j.id(), j.next()));
                }
                case Node.EndNode e -> {
                    entered(e.id(), null);
                    String reason = e.outcome() == Outcome.COMPLETED
                            ? "reached end node '" + e.id() + "'"
                            : "end node '" + e.id() + "' ends the run as " + e.outcome().word();
                    throw run.end(e.outcome(), reason, e.id());
                }
            }
            return AgentStep.Result.MORE;
        }

        private void entered(String node, String agent) {
            run.emit(new RunEvent.NodeEntered(run.next(), run.now(), run.state.steps, node, agent));
        }

        private void exit(Strand strand, String node, String agent, String next) {
            run.emit(new RunEvent.NodeExited(run.next(), run.now(), run.state.steps, node, agent, next));
            strand.node = next;
        }

        private void enterAgent(Strand strand, Node.AgentNode a) {
            entered(a.id(), a.agent());
            strand.entered = true;
            run.state.countTurn(a.agent());
            ContextWindow ctx = run.state.contexts.get(a.agent());
            if (ctx == null) {
                ctx = new ContextWindow(a.agent(), run.harness.context(), run.b.tokens());
                Agent agent = run.harness.agents().get(a.agent());
                if (!agent.system().isEmpty()) {
                    ctx.add(Message.system(agent.system()));
                }
                for (Map.Entry<String, String> fact : run.harness.context().facts().entrySet()) {
                    ctx.add(Message.user(fact.getKey() + ": " + fact.getValue()), fact.getKey());
                }
                if (!task.isEmpty()) {
                    ctx.add(Message.user(task), "task");
                }
                run.state.contexts.put(a.agent(), ctx);
            }
            if (strand.handoff != null) {
                ctx.add(Message.user(strand.handoff), "handoff");
                strand.handoff = null;
            }
        }

        /** The hand-off fields the context policy names, as one message for the next agent; null when none. */
        private String handoff() {
            List<String> fields = run.harness.context().handoff();
            if (fields.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder("Hand-off:");
            for (String f : fields) {
                Object v = run.state.vars.get(f);
                sb.append("\n- ").append(f).append(": ").append(v == null ? "(not set)" : v);
            }
            return sb.toString();
        }

        private String choose(String from, List<Edge> edges) {
            for (Edge e : edges) {
                if (e.when() == null || holds(e.when())) {
                    return e.to();
                }
            }
            throw run.end(Outcome.FAILED, "no edge out of node '" + from + "' can be taken: every condition is false",
                    "workflow.nodes." + from + ".next");
        }

        /** A condition that cannot be evaluated does not hold (it fails closed). */
        private boolean holds(String source) {
            try {
                Condition c = Expressions.condition(source);
                return c.test(run.state.activation());
            } catch (ExprFailure e) {
                return false;
            }
        }

        /** A validation check; when it fails and the node has an error policy, retry from the last checkpoint. */
        private void check(Strand strand, Node.CheckNode c) {
            entered(c.id(), null);
            if (holds(c.condition())) {
                checkFailures.remove(c.id());
                exit(strand, c.id(), null, c.then());
                return;
            }
            if (c.onError().isEmpty()) {
                exit(strand, c.id(), null, c.otherwise());
                return;
            }
            ErrorPolicy policy = c.onError().get();
            String rule = "workflow.nodes." + c.id() + ".onError";
            // Failures count across rollbacks until the check holds: the last resort happens once.
            int attempt = checkFailures.merge(c.id(), 1, Integer::sum);
            String error = "check '" + c.id() + "' failed: " + c.condition();
            if (attempt > policy.retry() + 1 && policy.then() != ErrorPolicy.Action.STOP) {
                run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, c.id(), null, error,
                        "stop", attempt, rule));
                throw run.end(Outcome.STOPPED, error + " (still failing after " + policy.retry() + " retries and "
                        + (policy.then() == ErrorPolicy.Action.ROLLBACK ? "a rollback" : "an escalation") + ")", rule);
            }
            if (attempt <= policy.retry()) {
                run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, c.id(), null, error,
                        "retry", attempt, rule));
                run.b.pause().pause(AgentStep.backoff(policy, attempt));
                strand.node = agentStep.rollback(c.id(), rule, error).next;
                return;
            }
            run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, c.id(), null, error,
                    policy.then().word(), attempt, rule));
            switch (policy.then()) {
                case STOP -> throw run.end(Outcome.STOPPED, error + " after " + policy.retry() + " retries", rule);
                case ROLLBACK -> strand.node = agentStep.rollback(c.id(), rule, error).next;
                case ESCALATE -> {
                    if (!run.ask(rule, c.id(), null, error + " after " + policy.retry()
                            + " retries; accept the work as it is?")) {
                        throw run.end(Outcome.STOPPED, error + "; escalated and rejected", rule);
                    }
                    exit(strand, c.id(), null, c.otherwise());
                }
            }
        }

        private final Map<String, Integer> checkFailures = new HashMap<>();

        /** A parallel node whose branches are running: its branches and whose turn is next. */
        private static final class Frame {
            final Strand owner;
            final Node.ParallelNode node;
            final List<Strand> branches = new ArrayList<>();
            /** Round-robin's place in the declared order of the branches. */
            int cursor;
            int turns;

            Frame(Strand owner, Node.ParallelNode node) {
                this.owner = owner;
                this.node = node;
                for (String b : node.branches()) {
                    branches.add(new Strand(b, b));
                }
            }

            String join() {
                return node.join();
            }

            List<Strand> ready() {
                return branches.stream().filter(b -> !b.node.equals(node.join())).toList();
            }
        }

        /**
         * Runs the branches of a parallel node, taking turns, until each has reached the join node. Nested parallel
         * nodes are frames on a stack, not calls, so the walk is iterative: its depth does not grow with the
         * workflow, and a branch that comes back to a parallel node that is running is refused.
         */
        private void parallel(Strand owner, Node.ParallelNode p) {
            Deque<Frame> frames = new ArrayDeque<>();
            open(frames, owner, p);
            while (!frames.isEmpty()) {
                Frame f = frames.peek();
                List<Strand> ready = f.ready();
                if (ready.isEmpty()) {
                    frames.pop();
                    exit(f.owner, f.node.id(), null, f.join());
                    continue;
                }
                Strand next = pick(f, ready);
                if (turn(next, f, frames) == AgentStep.Result.BLOCKED) {
                    if (run.harness.coordination().turns() == Coordination.Turns.SEQUENTIAL) {
                        throw run.end(Outcome.STOPPED, "deadlock: branch '" + next.name + "' waits for a lock and"
                                + " no other branch can run", "coordination.locks");
                    }
                    if (ready.stream().allMatch(b -> b.blocked)) {
                        throw run.end(Outcome.STOPPED, "deadlock: every branch waits for a lock",
                                "coordination.locks");
                    }
                }
            }
        }

        private void open(Deque<Frame> frames, Strand owner, Node.ParallelNode p) {
            entered(p.id(), null);
            for (Frame running : frames) {
                if (running.node.id().equals(p.id())) {
                    // A branch that reaches its own parallel node (or an enclosing one) would nest forever.
                    throw run.end(Outcome.FAILED, "parallel node '" + p.id() + "' is reached again from one of its"
                            + " own branches", "workflow.nodes." + p.id() + ".branches");
                }
            }
            frames.push(new Frame(owner, p));
        }

        /** The branch whose turn it is: the first unfinished one in order (sequential), round-robin or supervised. */
        private Strand pick(Frame f, List<Strand> ready) {
            Coordination.Turns turns = run.harness.coordination().turns();
            if (turns == Coordination.Turns.SEQUENTIAL) {
                return ready.getFirst();
            }
            if (turns == Coordination.Turns.SUPERVISOR) {
                return supervise(ready, f.node, f.turns++);
            }
            // Round-robin goes round the branches in their declared order; a branch that has reached the join is
            // passed over without shifting the others' places.
            while (f.branches.get(f.cursor % f.branches.size()).node.equals(f.join())) {
                f.cursor++;
            }
            f.turns++;
            return f.branches.get(f.cursor++ % f.branches.size());
        }

        /**
         * One turn of a branch: other nodes on the way are passed at once, and the turn ends after one agent step
         * (sequential turns go on to the join), at the join, or at a nested parallel node, which becomes a frame.
         */
        private AgentStep.Result turn(Strand b, Frame f, Deque<Frame> frames) {
            boolean sequential = run.harness.coordination().turns() == Coordination.Turns.SEQUENTIAL;
            while (!b.node.equals(f.join())) {
                Node node = nodes().get(b.node);
                if (node instanceof Node.ParallelNode inner) {
                    run.checkCancelled();
                    run.countTransition();
                    run.state.node = inner.id();
                    open(frames, b, inner);
                    return AgentStep.Result.MORE;
                }
                AgentStep.Result r = advance(b);
                if (r == AgentStep.Result.BLOCKED || (!sequential && node instanceof Node.AgentNode)) {
                    return r;
                }
            }
            return AgentStep.Result.DONE;
        }

        /** Asks the supervisor agent which branch goes next; an answer naming no ready branch falls back to order. */
        private Strand supervise(List<Strand> ready, Node.ParallelNode p, int turn) {
            String supervisor = run.harness.coordination().supervisor().orElseThrow();
            Agent agent = run.harness.agents().get(supervisor);
            List<String> names = ready.stream().map(b -> b.name).toList();
            List<Message> messages = List.of(Message.system(agent.system()),
                    Message.user("Branches ready: " + String.join(", ", names)
                            + ". Answer with the name of the branch that goes next."));
            run.emit(new RunEvent.ModelRequested(run.next(), run.now(), run.state.steps, p.id(), supervisor,
                    messages.size(), run.b.tokens().count(messages)));
            run.countAttempt();
            try {
                ModelRequest request = new ModelRequest(supervisor, messages, List.of());
                ModelResponse r = run.underDeadline(() -> run.b.model().respond(request), "model call", p.id(),
                        supervisor);
                run.emit(new RunEvent.ModelResponded(run.next(), run.now(), run.state.steps, p.id(), supervisor,
                        r.text(), List.of(), r.tokensIn(), r.tokensOut(), r.latencyMillis()));
                String pick = r.text().strip();
                for (Strand b : ready) {
                    if (pick.contains(b.name)) {
                        return b;
                    }
                }
            } catch (ModelException e) {
                run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, p.id(), supervisor,
                        e.getMessage(), "round-robin", 1, "coordination.supervisor"));
            }
            return ready.get(turn % ready.size());
        }
    }
}
