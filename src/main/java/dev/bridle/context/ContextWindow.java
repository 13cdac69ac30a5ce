package dev.bridle.context;

import dev.bridle.model.Message;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.ContextPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent's context: its messages with token counts, kept within the harness's window by compaction. Pinned
 * messages (the task, named facts) survive every compaction; the newest {@code keepRecent} messages are never
 * touched, so the agent keeps its immediate working memory. Compaction runs when the context is over its window and
 * brings it down to three quarters of it, so that it does not run again on the very next step.
 */
public final class ContextWindow {

    private final String agent;
    private final ContextPolicy policy;
    private final TokenCounter tokens;
    private final List<ContextEntry> entries = new ArrayList<>();
    private int total;
    /** The messages as a request sends them; rebuilt only after a change. */
    private List<Message> messages;

    public ContextWindow(String agent, ContextPolicy policy, TokenCounter tokens) {
        this.agent = agent;
        this.policy = policy;
        this.tokens = tokens;
    }

    /** A copy for checkpoints and snapshots. */
    public ContextWindow copy() {
        ContextWindow c = new ContextWindow(agent, policy, tokens);
        c.entries.addAll(entries);
        c.total = total;
        return c;
    }

    public void add(Message message) {
        add(message, "");
    }

    /** Adds a message with a tag; it is pinned when the policy pins that tag. */
    public void add(Message message, String tag) {
        int n = tokens.count(message);
        entries.add(new ContextEntry(message, tag, n, !tag.isEmpty() && policy.pin().contains(tag)));
        total += n;
        messages = null;
    }

    public int tokens() {
        return total;
    }

    /** How many messages the context holds. */
    public int size() {
        return entries.size();
    }

    public List<ContextEntry> entries() {
        return List.copyOf(entries);
    }

    public List<Message> messages() {
        if (messages == null) {
            List<Message> out = new ArrayList<>(entries.size());
            for (ContextEntry e : entries) {
                out.add(e.message());
            }
            messages = java.util.Collections.unmodifiableList(out);
        }
        return messages;
    }

    /**
     * Adds a tool result or a reply that must fit the window. The room it has is the window less what compaction can
     * never remove (the system prompt and pinned messages): when it is larger, it is cut to that room with a note to
     * the model, or, when the harness says {@code overflow: stop} or the room is too small for even the note, the run
     * must stop by {@code context.window}: at once for a reply (no model call follows that would see it), before the
     * next model call for a tool result (see {@link #fitBeforeCall()}).
     *
     * @param what what the message is, for the event and the stop reason
     */
    public Admission admit(Message message, String what) {
        int n = tokens.count(message);
        int room = policy.window() - fixedTokens();
        if (policy.window() <= 0 || n <= room) {
            add(message);
            return new Admission.Fits();
        }
        if (policy.overflow() == ContextPolicy.Overflow.STOP) {
            if (message.role().equals("tool")) {
                // A tool result is refused before the next model call (fitBeforeCall), where the runtime, which
                // only sees the context then, refuses it too: the engine and the runtime stop at the same point.
                add(message);
                return new Admission.Fits();
            }
            return new Admission.Overflow(what, n, Math.max(0, room));
        }
        Optional<Message> cut = cutTo(message, n, room);
        if (cut.isEmpty()) {
            return new Admission.Overflow(what, n, Math.max(0, room));
        }
        add(cut.get());
        return new Admission.Cut(what, n, tokens.count(cut.get()));
    }

    /**
     * Brings the context within its window before a model call, when compaction could not (the newest messages it
     * keeps are too large): the largest messages that are neither the system prompt nor pinned are cut, or, under
     * {@code overflow: stop}, the context is reported as over. A model is never called over its window silently.
     */
    public List<Admission> fitBeforeCall() {
        List<Admission> out = new ArrayList<>();
        while (overWindow()) {
            int largest = -1;
            for (int i = 0; i < entries.size(); i++) {
                ContextEntry e = entries.get(i);
                if (!e.pinned() && !e.message().role().equals("system")
                        && (largest < 0 || e.tokens() > entries.get(largest).tokens())) {
                    largest = i;
                }
            }
            ContextEntry e = largest < 0 ? null : entries.get(largest);
            String what = e == null ? "the context" : describe(e.message());
            if (e == null || policy.overflow() == ContextPolicy.Overflow.STOP) {
                out.add(new Admission.Overflow(what, e == null ? total : e.tokens(),
                        Math.max(0, policy.window() - (total - (e == null ? 0 : e.tokens())))));
                return out;
            }
            Optional<Message> cut = cutTo(e.message(), e.tokens(), e.tokens() - (total - policy.window()));
            if (cut.isEmpty()) {
                out.add(new Admission.Overflow(what, total, policy.window()));
                return out;
            }
            int after = tokens.count(cut.get());
            entries.set(largest, new ContextEntry(cut.get(), e.tag(), after, e.pinned()));
            total += after - e.tokens();
            messages = null;
            out.add(new Admission.Cut(what, e.tokens(), after));
        }
        return out;
    }

    /** What a message is, in the user's words, for events and stop reasons ({@code the tool result of fs.read}). */
    public static String describe(Message m) {
        return switch (m.role()) {
            case "tool" -> "the tool result" + (m.toolName() == null || m.toolName().isEmpty() ? ""
                    : " of " + m.toolName());
            case "assistant" -> "the reply";
            default -> "a " + m.role() + " message";
        };
    }

    /** The tokens compaction can never remove: the system prompt and pinned messages. */
    private int fixedTokens() {
        int n = 0;
        for (ContextEntry e : entries) {
            if (e.pinned() || e.message().role().equals("system")) {
                n += e.tokens();
            }
        }
        return n;
    }

    /**
     * The message with its text cut so that the whole counts at most {@code room} tokens, the note included; empty
     * when even an empty text with the note does not fit. The cut point is found by halving on the text's length.
     */
    private Optional<Message> cutTo(Message m, int before, int room) {
        String text = m.content() == null ? "" : m.content();
        int lo = 0;
        int hi = text.length();
        String best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            // Never split a surrogate pair: a lone half is not text.
            int end = mid > 0 && Character.isHighSurrogate(text.charAt(mid - 1)) ? mid - 1 : mid;
            // The note counts the whole message's tokens as the cut: its number has no more digits than the real one.
            if (tokens.count(withContent(m, text.substring(0, end), before)) <= room) {
                best = text.substring(0, end);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int kept = tokens.count(new Message(m.role(), best, m.toolCalls(), m.toolCallId(), m.toolName()));
        return Optional.of(withContent(m, best, Math.max(1, before - kept)));
    }

    private static final String NOTE_START = "\n[… cut ";

    private static String noteFor(int cutTokens) {
        return NOTE_START + cutTokens + " tokens to fit the context window …]";
    }

    private Message withContent(Message m, String text, int cutTokens) {
        return new Message(m.role(), text + noteFor(cutTokens), m.toolCalls(), m.toolCallId(), m.toolName());
    }

    /** Whether the context is over its window. */
    public boolean overWindow() {
        return policy.window() > 0 && total > policy.window();
    }

    /**
     * Compacts the context to fit its window, if it is over; returns what was done.
     *
     * @param summarizer used by the summarize strategy; on failure the oldest messages are dropped instead
     */
    public Optional<Compaction> compact(Summarizer summarizer) {
        if (!overWindow()) {
            return Optional.empty();
        }
        int before = total;
        List<Integer> candidates = candidates();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (policy.compaction() == ContextPolicy.Compaction.SUMMARIZE) {
            Optional<Compaction> done = summarize(summarizer, candidates, before);
            if (done.isPresent()) {
                return done;
            }
        }
        // Drop the oldest candidates until the context is back under its low-water mark, in one pass.
        boolean[] drop = new boolean[entries.size()];
        int left = total;
        int dropped = 0;
        for (int index : candidates) {
            if (left <= lowWater() && !isToolResult(index)) {
                break;
            }
            // A tool call and its results go together: a result whose call was dropped confuses models.
            drop[index] = true;
            dropped++;
            left -= entries.get(index).tokens();
        }
        List<ContextEntry> kept = new ArrayList<>(entries.size() - dropped);
        List<Integer> indexes = new ArrayList<>(dropped);
        for (int i = 0; i < entries.size(); i++) {
            if (!drop[i]) {
                kept.add(entries.get(i));
            } else {
                indexes.add(i);
            }
        }
        entries.clear();
        entries.addAll(kept);
        total = left;
        messages = null;
        int removed = dropped;
        return Optional.of(new Compaction("drop-oldest", before, total, removed, pinnedCount(), indexes, ""));
    }

    /**
     * Where compaction brings the context down to: three quarters of the window, so that a context at the edge is not
     * compacted again on every step.
     */
    private int lowWater() {
        return policy.window() * 3 / 4;
    }

    /** Indexes of messages compaction may remove, oldest first: not pinned, not system, not among the newest. */
    private List<Integer> candidates() {
        List<Integer> out = new ArrayList<>();
        int protectFrom = Math.max(0, entries.size() - policy.keepRecent());
        // Never split a tool call from its results: protect the call of a protected result too.
        while (protectFrom > 0 && protectFrom < entries.size() && isToolResult(protectFrom)) {
            protectFrom--;
        }
        for (int i = 0; i < protectFrom; i++) {
            ContextEntry e = entries.get(i);
            if (!e.pinned() && !e.message().role().equals("system")) {
                out.add(i);
            }
        }
        return out;
    }

    private boolean isToolResult(int index) {
        return entries.get(index).message().role().equals("tool");
    }

    private Optional<Compaction> summarize(Summarizer summarizer, List<Integer> candidates, int before) {
        List<Message> folded = new ArrayList<>();
        for (int i : candidates) {
            folded.add(entries.get(i).message());
        }
        String summary;
        try {
            summary = summarizer.summarize(agent, folded);
        } catch (Summarizer.SummaryException e) {
            return Optional.empty();
        }
        Message message = summaryMessage(summary);
        int at = candidates.getFirst();
        for (int k = candidates.size() - 1; k >= 0; k--) {
            int i = candidates.get(k);
            total -= entries.get(i).tokens();
            entries.remove(i);
        }
        int n = tokens.count(message);
        entries.add(at, new ContextEntry(message, "summary", n, false));
        total += n;
        messages = null;
        return Optional.of(new Compaction("summarize", before, total, candidates.size(), pinnedCount(), candidates,
                summary));
    }

    /** The message a summary is put into the context as. */
    public static Message summaryMessage(String summary) {
        return Message.user("Summary of earlier work: " + summary);
    }

    private int pinnedCount() {
        int n = 0;
        for (ContextEntry e : entries) {
            if (e.pinned()) {
                n++;
            }
        }
        return n;
    }

    /** Whether a pinned message with this tag is present; scenarios assert it after compaction. */
    public boolean hasPinned(String tag) {
        return entries.stream().anyMatch(e -> e.pinned() && e.tag().equals(tag));
    }
}
