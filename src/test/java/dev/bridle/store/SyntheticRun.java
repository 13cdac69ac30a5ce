package dev.bridle.store;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Events shaped like a long agent run, without an engine: each step is a model request (with a growing, sometimes
 * compacted context), a response with one tool call, the tool call and its completion; every 25 steps the agent
 * hands over to the other node. {@link #withDecisions} adds what a governed run also records: a permission check
 * before each tool call (mostly allowed, some denied or asked) and a compaction whenever the context drops.
 */
public final class SyntheticRun {

    private final Instant start;
    private final boolean decisions;
    private long seq;
    private int step;

    public SyntheticRun(Instant start) {
        this(start, false);
    }

    private SyntheticRun(Instant start, boolean decisions) {
        this.start = start;
        this.decisions = decisions;
    }

    /** A run that also records permission checks and compactions. */
    public static SyntheticRun withDecisions(Instant start) {
        return new SyntheticRun(start, true);
    }

    /** A whole run of at least {@code events} events, ending with {@code run.ended}. */
    public static List<RunEvent> of(int events, Instant start) {
        SyntheticRun run = new SyntheticRun(start);
        List<RunEvent> out = new ArrayList<>(events + 8);
        run.begin(out::add);
        while (out.size() < events - 1) {
            run.step(out::add);
        }
        run.end(out::add);
        return out;
    }

    private Instant now() {
        return start.plusMillis(seq * 3);
    }

    public void begin(Consumer<RunEvent> sink) {
        sink.accept(new RunEvent.RunStarted(++seq, now(), step, "synthetic", "mock:synthetic"));
        sink.accept(new RunEvent.NodeEntered(++seq, now(), step, "code", "coder"));
    }

    /** One step; returns the step number it completed. */
    public int step(Consumer<RunEvent> sink) {
        String node = (step / 25) % 2 == 0 ? "code" : "review";
        String agent = node.equals("code") ? "coder" : "reviewer";
        int context = 400 + (step % 40) * 180;
        if (decisions && step > 0 && step % 40 == 0) {
            sink.accept(new RunEvent.ContextCompacted(++seq, now(), step, node, agent, "drop-oldest",
                    400 + 40 * 180, context, 7200, 78, 1));
        }
        sink.accept(new RunEvent.ModelRequested(++seq, now(), step, node, agent, 2 + step % 40, context));
        String call = "fs.read({\"path\":\"workspace/src/File" + (step % 17) + ".java\"})";
        sink.accept(new RunEvent.ModelResponded(++seq, now(), step, node, agent, "Reading the next file.",
                List.of(call), context, 42, 120));
        sink.accept(new RunEvent.ToolRequested(++seq, now(), step, node, agent, "fs.read",
                "{\"path\":\"workspace/src/File" + (step % 17) + ".java\"}"));
        if (decisions) {
            String effect = step % 13 == 0 ? "deny" : step % 29 == 0 ? "ask" : "allow";
            String rule = effect.equals("deny") ? "path-scope" : effect.equals("ask") ? "ask-outside" : "read-src";
            sink.accept(new RunEvent.PermissionChecked(++seq, now(), step, node, agent, "fs.read", effect, rule,
                    "fs.read workspace/src/File" + (step % 17) + ".java"));
        }
        sink.accept(new RunEvent.ToolCompleted(++seq, now(), step, node, agent, "fs.read", step % 11 != 0,
                "class File" + (step % 17) + " { /* 40 lines */ }", 3));
        step++;
        if (step % 25 == 0) {
            String next = node.equals("code") ? "review" : "code";
            sink.accept(new RunEvent.NodeExited(++seq, now(), step, node, agent, next));
            sink.accept(new RunEvent.NodeEntered(++seq, now(), step, next, next.equals("code") ? "coder" : "reviewer"));
        }
        return step - 1;
    }

    public void end(Consumer<RunEvent> sink) {
        sink.accept(new RunEvent.GuardTriggered(++seq, now(), step, "code", "coder", "budget", "stop",
                "steps.max=" + step));
        sink.accept(new RunEvent.RunEnded(++seq, now(), step, Outcome.STOPPED, "guard 'budget'", "budget"));
    }

    public long lastSeq() {
        return seq;
    }
}
