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
