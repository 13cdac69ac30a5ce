package dev.bridle.app.debug;

import dev.bridle.engine.Debugger;
import dev.bridle.engine.RunResult;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.RunEvent;
import dev.bridle.event.WorkspaceChanges;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * A debug session in the workbench: the run goes on its own thread under a {@link Debugger}; breakpoints on nodes,
 * guard triggers and denials; step, continue, pause and stop; the events arrive in batches; the active node and the
 * traversed edges follow the run; a pause shows the state (context, pins, variables, locks, guard meters).
 */
public final class DebugViewModel {

    /** Where the session is. */
    public enum State {
        IDLE,
        RUNNING,
        PAUSED,
        ENDED
    }

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyObjectWrapper<RunSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper activeNode = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<RunResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper travelled = new ReadOnlyLongWrapper();
    /** How many of the latest events the event list shows; the virtual flow of a longer list costs ~20 ms a frame. */
    public static final int SHOWN = 10_000;
    private static final long LIST_EVERY_NANOS = 100_000_000;

    /**
     * The latest events received, at least {@link #SHOWN} once there are that many and never more than twice that: a
     * session is recorded in the run store, so a long one is not held in memory (time travel replays the scenario).
     */
    private final java.util.ArrayList<RunEvent> recent = new java.util.ArrayList<>();
    private final ReadOnlyIntegerWrapper eventCount = new ReadOnlyIntegerWrapper();
    /** How many of the session's events the list has been brought up to. */
    private int listed;
    private final ObservableList<RunEvent> latest = FXCollections.observableArrayList();
    private final ObservableSet<String> traversed = FXCollections.observableSet();
    /** The workspace as of the event time travel went to: each touched path with its last change. */
    private final ObservableList<RunEvent.FileChange> workspace = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper workspaceNote = new ReadOnlyStringWrapper("");
    private final ObservableSet<String> nodeBreakpoints = FXCollections.observableSet();
    private final ObservableSet<String> kindBreakpoints = FXCollections.observableSet();
    private final BooleanProperty breakOnGuards = new SimpleBooleanProperty(true);
    private final BooleanProperty breakOnDenials = new SimpleBooleanProperty(false);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bridle-debug");
        t.setDaemon(true);
        return t;
    });
    private Debugger debugger;
    private SessionClock clock;
    private EventBatcher batcher;
    private long latestAt;

    /** Starts a debug session of a scenario; {@code store} records it when present. */
    public void start(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, Optional<RunStore> store) {
        start(harness, scenario, () -> store);
    }

    /**
     * Starts a debug session of a scenario, recorded in the store that {@code store} gives on the debugger's thread
     * (it may open it there); a store that cannot be had leaves the session unrecorded, and says so when it ends.
     */
    public void start(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario,
            java.util.function.Supplier<Optional<RunStore>> store) {
        start(harness, scenario, store, false);
    }

    /**
     * Starts a debug session paused at its start, on {@code run.started}, as Debug (F9) does: breakpoints can still be
     * set, and the first step is the user's.
     */
    public void startPaused(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario,
            java.util.function.Supplier<Optional<RunStore>> store) {
        start(harness, scenario, store, true);
    }

    private void start(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario,
            java.util.function.Supplier<Optional<RunStore>> store, boolean paused) {
        if (state.get() == State.RUNNING || state.get() == State.PAUSED) {
            return;
        }
        lastTarget = new Target(harness, scenario);
        recent.clear();
        eventCount.set(0);
        listed = 0;
        latest.clear();
        traversed.clear();
        workspace.clear();
        workspaceNote.set("");
        snapshot.set(null);
        result.set(null);
        reason.set("");
        activeNode.set(null);
        travelled.set(0);
        batcher = new EventBatcher(this::received);
        Debugger d = new Debugger(batcher);
        if (paused) {
            d.pause(); // honoured at the first event, run.started
        }
        SessionClock sessionClock = new SessionClock(Clock.systemUTC());
        clock = sessionClock;
        nodeBreakpoints.forEach(d::breakOnNode);
        kindBreakpoints.forEach(d::breakOnKind);
        if (breakOnGuards.get()) {
            d.breakOnGuard("*");
        }
        d.breakOnDenial(breakOnDenials.get());
        d.onPause((pause, dbg) -> {
            // on the engine thread, before it waits: the deadline does not run on while the run is held
            sessionClock.hold();
            EventBatcher b = batcher;
            Platform.runLater(() -> {
                b.drain();
                showLatest();
                snapshot.set(pause.snapshot().orElse(null));
                reason.set(pause.reason() + " at #" + pause.event().seq() + " " + pause.event().kind());
                // short, to keep its room in the tool bar: why it paused is in the Debug tab
                status.set("debug: paused at #" + pause.event().seq() + " " + pause.event().kind());
                state.set(State.PAUSED);
            });
        });
        debugger = d;
        state.set(State.RUNNING);
        status.set("debug: running…");
        thread.execute(() -> {
            Optional<RunStore> recordTo;
            String unrecorded = "";
            try {
                recordTo = store.get();
            } catch (RuntimeException e) {
                recordTo = Optional.empty();
                unrecorded = " (not recorded: " + e.getMessage() + ")";
            }
            String note = unrecorded;
            // recorded in batches: a step never waits for a commit (a paused run's events are committed meanwhile)
            ScenarioRunner.Prepared prepared = new ScenarioRunner(recordTo, sessionClock,
                    () -> UUID.randomUUID().toString()).recording(dev.bridle.store.Durability.BATCHED)
                    .prepare(harness, scenario, d);
            d.attach(prepared.engine());
            ScenarioRunner.Report report = prepared.run();
            RunSnapshot end = prepared.engine().snapshot().orElse(null);
            Platform.runLater(() -> {
                batcher.drain();
                showLatest();
                result.set(report.result());
                snapshot.set(end);
                reason.set(report.result().headline() + note);
                status.set("debug: " + report.result().headline() + note);
                // The node the run was in glows while the session is live; an ended session is in no node.
                activeNode.set(null);
                state.set(State.ENDED);
            });
        });
    }

    private void received(List<RunEvent> batch) {
        recent.addAll(batch);
        if (recent.size() > 2 * SHOWN) {
            recent.subList(0, recent.size() - SHOWN).clear();
        }
        eventCount.set(eventCount.get() + batch.size());
        // The list follows a fast run ten times a second: replacing its window marks every row dirty.
        if (System.nanoTime() - latestAt >= LIST_EVERY_NANOS) {
            showLatest();
        }
        for (RunEvent e : batch) {
            if (e instanceof RunEvent.NodeEntered n) {
                activeNode.set(n.node());
            } else if (e instanceof RunEvent.NodeExited x && x.next() != null) {
                traversed.add(x.node() + "->" + x.next());
            }
        }
    }

    /** Brings the event list up to date: appends while it has room, else shows the latest {@link #SHOWN}. */
    private void showLatest() {
        latestAt = System.nanoTime();
        int unlisted = eventCount.get() - listed;
        if (latest.size() + unlisted <= SHOWN) {
            latest.addAll(recent.subList(recent.size() - unlisted, recent.size()));
        } else {
            latest.setAll(recent.subList(Math.max(0, recent.size() - SHOWN), recent.size()));
        }
        listed = eventCount.get();
    }

    private void going() {
        clock.release();
        state.set(State.RUNNING);
        reason.set("");
        status.set("debug: running…");
    }

    /** The next event. */
    public void step() {
        if (state.get() == State.PAUSED) {
            going();
            debugger.step(Debugger.Step.EVENT);
        }
    }

    /** The next node. */
    public void stepNode() {
        if (state.get() == State.PAUSED) {
            going();
            debugger.step(Debugger.Step.NODE);
        }
    }

    public void resume() {
        if (state.get() == State.PAUSED) {
            going();
            debugger.resume();
        }
    }

    public void pause() {
        if (state.get() == State.RUNNING) {
            debugger.pause();
        }
    }

    public void stop() {
        if (debugger != null && (state.get() == State.RUNNING || state.get() == State.PAUSED)) {
            clock.release();
            debugger.stop();
        }
    }

    /**
     * Time travel: replays the last debugged scenario (deterministically, recording nothing) up to event {@code seq}
     * and shows the state there.
     */
    public void travel(long seq) {
        if (lastTarget == null || state.get() == State.RUNNING || state.get() == State.PAUSED) {
            return;
        }
        var target = lastTarget;
        // A copy for the debugger's thread: the list is the FX thread's.
        List<RunEvent> held = List.copyOf(recent);
        boolean whole = held.size() == eventCount.get();
        thread.execute(() -> {
            var snap = ScenarioRunner.replayTo(target.harness(), target.scenario(), seq);
            List<RunEvent.FileChange> files = List.copyOf(WorkspaceChanges.upTo(held, seq).values());
            String note = !whole ? "only the latest " + held.size() + " events are held: files changed before them"
                    + " are not listed" : files.isEmpty() ? "no file changed up to #" + seq : "";
            Platform.runLater(() -> {
                workspace.setAll(files);
                workspaceNote.set(note);
                snapshot.set(snap.orElse(null));
                reason.set(snap.isPresent() ? "replayed to #" + seq : "the run has no event #" + seq);
                travelled.set(snap.isPresent() ? seq : 0);
            });
        });
    }

    private record Target(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario) {}

    private Target lastTarget;

    /** Toggles a breakpoint on a node (for this and later sessions; a running one picks it up too). */
    public void toggleBreakpoint(String node) {
        if (!nodeBreakpoints.remove(node)) {
            nodeBreakpoints.add(node);
            if (debugger != null) {
                debugger.breakOnNode(node);
            }
        } else if (debugger != null) {
            debugger.clearNode(node);
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty activeNodeProperty() {
        return activeNode.getReadOnlyProperty();
    }

    /**
     * The session in one line for the window's status line: running, paused and why, or how it ended; empty before
     * the first session.
     */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The event time travel last went to, once its state is shown; 0 before the first travel of a session. */
    public ReadOnlyLongProperty travelledProperty() {
        return travelled.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** How many events the session has had so far (its run store holds them all when it is recorded). */
    public ReadOnlyIntegerProperty eventCountProperty() {
        return eventCount.getReadOnlyProperty();
    }

    /** The latest {@link #SHOWN} events, for the event list. */
    public ObservableList<RunEvent> latestEvents() {
        return latest;
    }

    /** The files changed up to the event time travel went to, by path, each with its last change and diff. */
    public ObservableList<RunEvent.FileChange> workspace() {
        return workspace;
    }

    /** Why the workspace list is empty or partial; empty when it is whole. */
    public ReadOnlyStringProperty workspaceNoteProperty() {
        return workspaceNote.getReadOnlyProperty();
    }

    public ObservableSet<String> traversed() {
        return traversed;
    }

    public Set<String> nodeBreakpoints() {
        return nodeBreakpoints;
    }

    /** Event kinds to pause on, such as {@code context.compacted}. */
    public ObservableSet<String> kindBreakpoints() {
        return kindBreakpoints;
    }

    public BooleanProperty breakOnGuardsProperty() {
        return breakOnGuards;
    }

    public BooleanProperty breakOnDenialsProperty() {
        return breakOnDenials;
    }

    public long handOvers() {
        return batcher == null ? 0 : batcher.handOvers();
    }
}
