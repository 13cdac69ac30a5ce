package dev.bridle.app.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.context.ContextEntry;
import dev.bridle.engine.ContextDiff;
import dev.bridle.event.RunEvent;
import dev.bridle.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * An event's details in words: what a model call was sent and what it answered, a tool call's arguments and result, a
 * compaction's sizes, and the context diff as lines. Only text; the view lays it out.
 */
public final class EventDetails {

    /** One part of the details, shown under its title. */
    public record Section(String id, String title, String text) {}

    /** Shown in the prompt until the replay has rebuilt it. */
    static final String REBUILDING = "rebuilding the context by replaying the scenario…";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINE = 110;

    private EventDetails() {}

    /** The first line: which event, where. */
    static String title(RunEvent e) {
        return "#" + e.seq() + " " + e.kind() + " at step " + e.step()
                + (e.agent() == null ? "" : ", agent " + e.agent()) + (e.node() == null ? "" : ", node " + e.node());
    }

    /**
     * The sections of {@code e}: what it carries in words. {@code events} are the run's events, for
     * the other half of a tool call; {@code prompt} is the context a model call was sent, or a note while it is not
     * known.
     */
    static List<Section> sections(RunEvent e, List<RunEvent> events, PromptText prompt) {
        List<Section> out = new ArrayList<>();
        switch (e) {
            case RunEvent.ModelRequested m -> out.add(new Section("detail-prompt", "Prompt: " + m.messages()
                    + " messages, " + m.contextTokens() + " tokens", prompt.text()));
            case RunEvent.ModelResponded m -> {
                out.add(new Section("detail-prompt", "Prompt", prompt.text()));
                out.add(new Section("detail-response", "Response: " + m.tokensIn() + " tokens in, " + m.tokensOut()
                        + " out, " + m.latencyMillis() + " ms", response(m)));
            }
            case RunEvent.ToolRequested t -> {
                out.add(new Section("detail-arguments", "Arguments of " + t.tool(), pretty(t.args())));
                out.add(new Section("detail-result", "Result", completion(t, events)
                        .map(EventDetails::result).orElse("(no result recorded)")));
            }
            case RunEvent.ToolCompleted t -> {
                out.add(new Section("detail-arguments", "Arguments of " + t.tool(), request(t, events)
                        .map(r -> pretty(r.args())).orElse("(the request is not loaded)")));
                out.add(new Section("detail-result", "Result", result(t)));
            }
            case RunEvent.ContextCompacted c -> out.add(new Section("detail-compaction", "Compaction",
                    c.strategy() + ": " + c.before() + " → " + c.after() + " tokens (window " + c.window() + ")\n"
                            + c.removed() + " messages " + (c.strategy().equals("summarize") ? "summarized"
                                    : "dropped") + ", " + c.pinned() + " pinned messages kept"));
            case RunEvent.WorkspaceChanged w -> {
                out.add(new Section("detail-files", "Files (" + w.cause() + ")", files(w.files())));
                for (RunEvent.FileChange f : w.files()) {
                    if (f.diff() != null && !f.diff().isEmpty()) {
                        out.add(new Section("detail-diff", "Diff of " + f.path(), f.diff()));
                    }
                }
            }
            default -> {}
        }
        return out;
    }

    /** A line per file: its change word, then its path. */
    static String files(List<RunEvent.FileChange> files) {
        StringBuilder sb = new StringBuilder();
        for (RunEvent.FileChange f : files) {
            sb.append(String.format("%-8s %s%n", f.change(), f.path()));
        }
        return sb.toString().stripTrailing();
    }

    /** What a model call was sent, as far as it is known. */
    sealed interface PromptText {
        String text();
    }

    /** The messages themselves. */
    record Messages(List<ContextEntry> entries) implements PromptText {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            int n = 0;
            for (ContextEntry e : entries) {
                sb.append(++n).append(". ").append(role(e)).append(" (").append(e.tokens()).append(" tokens)\n");
                sb.append(indent(e.message().content().isEmpty() ? "(no text)" : e.message().content()));
                for (ToolCall call : e.message().toolCalls()) {
                    sb.append(indent("calls " + call.tool() + " " + call.args()));
                }
            }
            return sb.toString().stripTrailing();
        }
    }

    /** Why the messages are not shown. */
    record Note(String text) implements PromptText {}

    /** A line of the context diff: {@code +  137 tokens  tool fs.read  Service notes…}. */
    static String line(ContextDiff.Line l) {
        String mark = switch (l.change()) {
            case ADDED -> "+";
            case REMOVED -> "−";
            case KEPT -> " ";
        };
        ContextEntry e = l.entry();
        String text = e.message().content();
        if (text.isEmpty() && !e.message().toolCalls().isEmpty()) {
            text = "calls " + e.message().toolCalls().stream().map(ToolCall::toString).reduce((a, b) -> a + ", " + b)
                    .orElse("");
        }
        return mark + String.format(" %5d tokens  ", e.tokens()) + role(e) + "  " + oneLine(text);
    }

    /** The diff's headline: whose context, against which step, and the token totals. */
    static String headline(ContextDiff d, RunEvent.ModelRequested previous) {
        String against = previous == null ? "the start of the run (no model call before)"
                : "the previous step (the model call at #" + previous.seq() + ", step " + previous.step() + ")";
        return "Context of " + d.agent() + " after #" + d.toSeq() + " against " + against + ": "
                + d.tokensBefore() + " → " + d.tokensAfter() + " tokens; " + d.added().size() + " added, "
                + d.removed().size() + " removed, " + d.kept().size() + " kept";
    }

    private static String role(ContextEntry e) {
        String role = e.message().role();
        if (!e.message().toolName().isEmpty()) {
            role += " " + e.message().toolName();
        }
        if (!e.tag().isEmpty()) {
            role += " [" + e.tag() + (e.pinned() ? ", pinned" : "") + "]";
        }
        return role;
    }

    private static String response(RunEvent.ModelResponded m) {
        StringBuilder sb = new StringBuilder(m.text().isEmpty() ? "(no text)" : m.text());
        if (m.toolCalls().isEmpty()) {
            sb.append("\n\nno tool call");
        } else {
            sb.append("\n\ntool calls:");
            for (String call : m.toolCalls()) {
                int brace = call.indexOf('{');
                sb.append('\n').append(brace < 0 ? "  " + call
                        : "  " + call.substring(0, brace) + "\n" + indent(pretty(call.substring(brace))).stripTrailing());
            }
        }
        return sb.toString();
    }

    private static String result(RunEvent.ToolCompleted t) {
        return (t.ok() ? "ok" : "error") + " after " + t.durationMillis() + " ms\n" + t.result();
    }

    /** The tool.completed that answers {@code t}: the next one of the same agent and tool. */
    private static java.util.Optional<RunEvent.ToolCompleted> completion(RunEvent.ToolRequested t,
            List<RunEvent> events) {
        return events.stream().filter(e -> e.seq() > t.seq() && e instanceof RunEvent.ToolCompleted c
                && c.tool().equals(t.tool()) && java.util.Objects.equals(c.agent(), t.agent()))
                .map(RunEvent.ToolCompleted.class::cast).findFirst();
    }

    /** The tool.requested that {@code t} answers: the last one of the same agent and tool before it. */
    private static java.util.Optional<RunEvent.ToolRequested> request(RunEvent.ToolCompleted t,
            List<RunEvent> events) {
        RunEvent.ToolRequested found = null;
        for (RunEvent e : events) {
            if (e.seq() >= t.seq()) {
                break;
            }
            if (e instanceof RunEvent.ToolRequested r && r.tool().equals(t.tool())
                    && java.util.Objects.equals(r.agent(), t.agent())) {
                found = r;
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /** JSON arguments indented for reading; anything else as it is. */
    static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            return json;
        }
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            sb.append("   ").append(l).append('\n');
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() <= LINE ? one : one.substring(0, LINE - 1) + "…";
    }
}
