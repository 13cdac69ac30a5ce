package dev.bridle.engine;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * The headless debugger: an event sink in front of a run that pauses the engine thread on breakpoints (a node, a guard
 * trigger, a denial, an event kind) and on steps, and lets another thread inspect the paused state, step, continue or
 * stop. The workbench and the tests drive runs through it. Stopping sets the engine's cancel flag; nothing is ever
 * interrupted.
 */
public final class Debugger implements EventSink {

    /** What to step to. */
    public enum Step {
        /** The next event. */
        EVENT,
        /** The next node entered. */
        NODE
    }

    /** Why the run paused, and its state there. */
    public record Pause(RunEvent event, String reason, Optional<RunSnapshot> snapshot) {}

    private final EventSink downstream;
    private final Set<String> nodeBreakpoints = ConcurrentHashMap.newKeySet();
    private final Set<String> kindBreakpoints = ConcurrentHashMap.newKeySet();
    private final Set<String> guardBreakpoints = ConcurrentHashMap.newKeySet();
    private volatile boolean breakOnDenial;
    private volatile boolean breakOnAnyGuard;
    private volatile Engine engine;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Pause paused;
    private boolean pauseRequested;
    private Step stepping;
    private boolean ended;
    private BiConsumer<Pause, Debugger> onPause = (p, d) -> {};

    public Debugger(EventSink downstream) {
        this.downstream = downstream;
    }

    /** The engine whose state a pause shows and whose run stop cancels. */
    public void attach(Engine engine) {
        this.engine = engine;
    }

    /** Called on the engine thread each time the run pauses (the workbench hands it to the FX thread). */
    public void onPause(BiConsumer<Pause, Debugger> listener) {
        this.onPause = listener;
    }

    public void breakOnNode(String node) {
        nodeBreakpoints.add(node);
    }

    public void clearNode(String node) {
        nodeBreakpoints.remove(node);
    }

    public void breakOnKind(String kind) {
        kindBreakpoints.add(kind);
    }

    /** Pause when this guard triggers; {@code *} for any guard. */
    public void breakOnGuard(String guard) {
        if (guard.equals("*")) {
            breakOnAnyGuard = true;
        } else {
            guardBreakpoints.add(guard);
        }
    }

    public void breakOnDenial(boolean on) {
        breakOnDenial = on;
    }

    /** Pause at the next event. */
    public void pause() {
        lock.lock();
        try {
            pauseRequested = true;
        } finally {
            lock.unlock();
        }
    }

    /** Go on until the next breakpoint. */
    public void resume() {
        release(null);
    }

    /** Go on to the next event or node, then pause again. */
    public void step(Step to) {
        release(to);
    }

    /** End the run: it stops at the next event boundary as interrupted. */
    public void stop() {
        Engine e = engine;
        if (e != null) {
            e.cancel();
        }
        clearBreakpoints();
        release(null);
    }

    /** Removes every breakpoint; stepping and pausing still work. */
    public void clearBreakpoints() {
        nodeBreakpoints.clear();
        kindBreakpoints.clear();
        guardBreakpoints.clear();
        breakOnDenial = false;
        breakOnAnyGuard = false;
    }

    private void release(Step to) {
        lock.lock();
        try {
            stepping = to;
            paused = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The current pause, if the run is paused. */
    public Optional<Pause> paused() {
        lock.lock();
        try {
            return Optional.ofNullable(paused);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the run pauses or ends; returns the pause, or empty when the run ended or the time ran out. */
    public Optional<Pause> awaitPause(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (paused == null && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
            return Optional.ofNullable(paused);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void accept(RunEvent event) {
        downstream.accept(event);
        if (event instanceof RunEvent.RunEnded) {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        String reason = reason(event);
        if (reason == null) {
            return;
        }
        Engine e = engine;
        Pause pause = new Pause(event, reason, e == null ? Optional.empty() : e.snapshot());
        lock.lock();
        try {
            pauseRequested = false;
            stepping = null;
            paused = pause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onPause.accept(pause, this);
        lock.lock();
        try {
            while (paused == pause) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private String reason(RunEvent event) {
        lock.lock();
        try {
            if (pauseRequested) {
                return "paused";
            }
            if (stepping == Step.EVENT) {
                return "step";
            }
            if (stepping == Step.NODE && event instanceof RunEvent.NodeEntered) {
                return "step to node";
            }
        } finally {
            lock.unlock();
        }
        return switch (event) {
            case RunEvent.NodeEntered n when nodeBreakpoints.contains(n.node()) -> "breakpoint on node '" + n.node()
                    + "'";
            case RunEvent.GuardTriggered g when breakOnAnyGuard || guardBreakpoints.contains(g.guard()) ->
                    "guard '" + g.guard() + "' triggered";
            case RunEvent.PermissionChecked p when breakOnDenial && p.effect().equals("deny") ->
                    "denied by rule '" + p.rule() + "'";
            default -> kindBreakpoints.contains(event.kind()) ? "breakpoint on " + event.kind() : null;
        };
    }
}
