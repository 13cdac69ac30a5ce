package dev.bridle.scenario;

import dev.bridle.context.Summarizer;
import dev.bridle.engine.Approver;
import dev.bridle.model.Message;
import dev.bridle.policy.Scenario;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A scenario's scripted approvals and summaries, handed out in order. When the approvals run out the fallback answers
 * (by default nobody: a timeout, which rejects).
 */
final class ScriptedAnswers implements Approver, Summarizer {

    private final Deque<Boolean> approvals;
    private final Deque<String> summaries;

    private final Approver fallback;

    ScriptedAnswers(Scenario scenario, Approver fallback) {
        this.fallback = fallback;
        this.approvals = new ArrayDeque<>(scenario.approvals());
        this.summaries = new ArrayDeque<>(scenario.script().summaries());
    }

    @Override
    public Answer answer(Question question) {
        Boolean next = approvals.pollFirst();
        return next == null ? fallback.answer(question) : new Answer(next, "script");
    }

    @Override
    public String summarize(String agent, List<Message> messages) throws SummaryException {
        String next = summaries.pollFirst();
        if (next == null) {
            throw new SummaryException("the script has no more summaries");
        }
        return next;
    }
}
