package dev.bridle.scenario;

import dev.bridle.context.ContextEntry;
import dev.bridle.engine.ContextDiff;
import dev.bridle.engine.Engine;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * The context diff of a recorded event, rebuilt the way the debugger's time travel rebuilds state: the events do not
 * carry the messages, so the scenario is replayed deterministically (recording nothing) up to the event. The diff
 * compares the agent's context after the event with the one its previous model call sent (the previous step), so
 * that a model request shows what is new in its prompt and a compaction what it removed.
 *
 * <p>The replay is checked against the recording event by event; when they differ (the run used a live model, or the
 * harness or scenario changed since), the result says so instead of showing a context the run never had.
 */
public final class ContextReplay {

    private ContextReplay() {}

    /** What the replay found. */
    public sealed interface Result {}

    /**
     * The context around the event.
     *
     * @param diff the agent's context after the event against its context at its previous model call
     * @param previousRequest the previous model call of the agent (the "before" of the diff), if it had one
     */
    public record Rebuilt(ContextDiff diff, Optional<RunEvent.ModelRequested> previousRequest) implements Result {}

    /** The context could not be rebuilt, and why, in words. */
    public record NotRebuilt(String why) implements Result {}

    /** The context was not rebuilt because {@code cancelled} said so before the replay reached the event. */
    public static final NotRebuilt CANCELLED = new NotRebuilt("the replay was cancelled");

    /**
     * Replays {@code scenario} under {@code harness} up to just after event {@code seq} of {@code recorded} (the run's
     * events in order, at least up to {@code seq}) and returns the context diff there. Heavy: call it off the FX
     * thread.
     */
    public static Result diffAt(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, List<RunEvent> recorded,
            long seq) {
        Map<Long, RunEvent> bySeq = new HashMap<>();
        recorded.forEach(e -> bySeq.put(e.seq(), e));
        if (!bySeq.containsKey(seq)) {
            return new NotRebuilt("event #" + seq + " is not loaded");
        }
        return diffAt(harness, scenario, bySeq::get, seq, () -> false);
    }

    /**
     * As {@link #diffAt(HarnessReader.Loaded, ScenarioReader.Loaded, List, long)}, for a run too long to hold: {@code
     * recorded} gives the recorded event of a sequence number ({@code null} when the run has none), asked in order
     * for {@code seq} first and then from 1 up to it, so that it can read the run a page at a time. {@code cancelled}
     * is asked at every event; once it says yes the replay stops and the result is {@link #CANCELLED}.
     */
    public static Result diffAt(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario,
            LongFunction<RunEvent> recorded, long seq, BooleanSupplier cancelled) {
        RunEvent target = recorded.apply(seq);
        if (target == null) {
            return new NotRebuilt("the run has no event #" + seq);
        }
        Replay replay = new Replay(recorded, seq, cancelled);
        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                () -> "context-replay");
        ScenarioRunner.Prepared prepared = runner.prepare(harness, scenario, replay::accept);
        replay.engine = prepared.engine();
        prepared.run();
        if (replay.cancelled) {
            return CANCELLED;
        }
        if (replay.diverged != null) {
            return new NotRebuilt(replay.diverged);
        }
        if (!replay.reached) {
            return new NotRebuilt("the replay ended before event #" + seq);
        }
        RunSnapshot after = replay.after != null ? replay.after : prepared.engine().snapshot().orElse(null);
        String agent = target.agent() != null ? target.agent() : after == null ? null : after.agent();
        if (after == null || agent == null || agent.isEmpty() || !after.contexts().containsKey(agent)) {
            return new NotRebuilt("no agent has a context at " + target.kind());
        }
        Request before = replay.lastRequest.get(agent);
        List<ContextEntry> was = before == null ? List.of() : before.context();
        ContextDiff diff = ContextDiff.between(agent, before == null ? 0 : before.event().seq(), was, seq,
                after.contexts().get(agent));
        return new Rebuilt(diff, Optional.ofNullable(before).map(Request::event));
    }

    private record Request(RunEvent.ModelRequested event, List<ContextEntry> context) {}

    /** Follows the replay: checks it against the recording, keeps each agent's last prompt, stops after the target. */
    private static final class Replay {
        private final LongFunction<RunEvent> recorded;
        private final long seq;
        private final BooleanSupplier cancel;
        private boolean cancelled;
        private final Map<String, Request> lastRequest = new HashMap<>();
        private Engine engine;
        private boolean reached;
        private boolean done;
        private String diverged;
        private RunSnapshot after;

        Replay(LongFunction<RunEvent> recorded, long seq, BooleanSupplier cancel) {
            this.recorded = recorded;
            this.seq = seq;
            this.cancel = cancel;
        }

        void accept(RunEvent e) {
            if (done) {
                return;
            }
            if (cancel.getAsBoolean()) {
                cancelled = true;
                stop();
                return;
            }
            if (e.seq() > seq) {
                // The state when the next event is emitted holds everything the target event led to (a tool's result
                // joins the context after its tool.completed event, a reply after its model.responded).
                after = engine.snapshot().orElse(null);
                stop();
                return;
            }
            RunEvent was = recorded.apply(e.seq());
            if (was == null && cancel.getAsBoolean()) {
                cancelled = true; // the recording's reader gave up waiting
                stop();
                return;
            }
            if (was == null || !same(was, e)) {
                diverged = divergence(was, e);
                stop();
                return;
            }
            if (e instanceof RunEvent.ModelRequested m && e.seq() < seq) {
                engine.snapshot().ifPresent(s -> lastRequest.put(m.agent(),
                        new Request(m, s.contexts().getOrDefault(m.agent(), List.of()))));
            }
            if (e.seq() == seq) {
                reached = true;
            }
        }

        private void stop() {
            done = true;
            engine.cancel();
        }
    }

    private static String divergence(RunEvent recorded, RunEvent replayed) {
        if (recorded instanceof RunEvent.RunStarted r && replayed instanceof RunEvent.RunStarted p
                && !r.model().equals(p.model())) {
            return "the run used the model " + r.model() + ", which cannot be replayed; the context is rebuilt for runs"
                    + " of the scenario's scripted model";
        }
        return "the replay differs from the recorded run at #" + replayed.seq() + " (recorded "
                + (recorded == null ? "nothing" : recorded.kind() + ": " + recorded.summary()) + "; replayed "
                + replayed.kind() + ": " + replayed.summary() + "): the harness or the scenario has changed since the"
                + " run";
    }

    /**
     * Whether a replayed event is the recorded one. Times differ; tool results, errors and end reasons may name the
     * scenario's temporary workspace, so for those the kind and place are compared, and the summary for the rest.
     */
    static boolean same(RunEvent recorded, RunEvent replayed) {
        if (!recorded.kind().equals(replayed.kind()) || recorded.step() != replayed.step()
                || !Objects.equals(recorded.agent(), replayed.agent())
                || !Objects.equals(recorded.node(), replayed.node())) {
            return false;
        }
        return switch (recorded) {
            case RunEvent.ToolCompleted t -> t.ok() == ((RunEvent.ToolCompleted) replayed).ok();
            case RunEvent.ErrorHandled h -> h.action().equals(((RunEvent.ErrorHandled) replayed).action());
            case RunEvent.RunEnded r -> r.outcome() == ((RunEvent.RunEnded) replayed).outcome();
            default -> recorded.summary().equals(replayed.summary());
        };
    }
}
