package dev.bridle.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The questions the gateway's sessions are waiting on ({@code ask} rules): each holds a model response until a human
 * answers, through {@code POST /bridle/approvals/{id}}, the workbench, {@code bridle approve}, or a webhook's caller.
 * No answer by the harness's {@code gateway.approval-timeout} counts as a rejection by {@value #TIMEOUT}.
 */
public final class Approvals {

    /** Who "answered" a question nobody answered in time. */
    public static final String TIMEOUT = "timeout";

    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final List<Consumer<Question>> listeners = new CopyOnWriteArrayList<>();

    public Approvals(Clock clock) {
        this.clock = clock;
    }

    /**
     * A question waiting for an answer.
     *
     * @param id the id to answer it by
     * @param session the gateway session whose response is held
     * @param runId the session's run in the store
     * @param rule the rule that asks
     * @param question what the human is asked
     */
    public record Question(String id, String session, String runId, String agent, String rule, String question,
            Instant asked) {}

    /** An answer: approved or not, and by whom ({@code alice}, {@code webhook}, {@value #TIMEOUT}). */
    public record Answer(boolean approved, String by) {}

    private record Waiting(Question question, CompletableFuture<Answer> answer) {}

    /** The questions waiting now, oldest first. */
    public List<Question> waiting() {
        List<Question> out = new ArrayList<>();
        waiting.values().forEach(w -> out.add(w.question()));
        out.sort(Comparator.comparing(Question::asked).thenComparing(Question::id));
        return out;
    }

    /** The questions of one session waiting now. */
    public List<Question> waiting(String session) {
        return waiting().stream().filter(q -> q.session().equals(session)).toList();
    }

    /**
     * Answers question {@code id}; false when no such question is waiting (answered already, timed out, unknown).
     *
     * @param by who answered, for the record
     */
    public boolean answer(String id, boolean approved, String by) {
        Waiting w = waiting.remove(id);
        if (w == null) {
            return false;
        }
        return w.answer().complete(new Answer(approved, by == null || by.isBlank() ? "anonymous" : by));
    }

    /** Called with every new question, on the thread that asks (a webhook, the workbench's list). */
    public void onQuestion(Consumer<Question> listener) {
        listeners.add(listener);
    }

    /**
     * Asks and waits: blocks the calling (virtual) thread until an answer or {@code timeout}; no answer in time is a
     * rejection by {@value #TIMEOUT}, and the question is withdrawn.
     */
    Answer ask(String session, String runId, String agent, String rule, String question, Duration timeout) {
        String id = "q" + ids.incrementAndGet();
        Question q = new Question(id, session, runId, agent, rule, question, clock.instant());
        Waiting w = new Waiting(q, new CompletableFuture<>());
        waiting.put(id, w);
        for (Consumer<Question> l : listeners) {
            try {
                l.accept(q);
            } catch (RuntimeException e) {
                // A listener that fails (a webhook down) must not answer for the human: the question still waits.
            }
        }
        try {
            return w.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiting.remove(id);
            // An answer may have raced the timeout; it wins if it got in first.
            return w.answer().getNow(new Answer(false, TIMEOUT));
        } catch (InterruptedException e) {
            waiting.remove(id);
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted");
        } catch (ExecutionException e) {
            waiting.remove(id);
            return new Answer(false, "error");
        }
    }

    /** Withdraws every question of {@code session} as rejected (the session ended, the gateway stops). */
    void withdraw(Optional<String> session, String by) {
        for (Waiting w : List.copyOf(waiting.values())) {
            if (session.isEmpty() || session.get().equals(w.question().session())) {
                if (waiting.remove(w.question().id(), w)) {
                    w.answer().complete(new Answer(false, by));
                }
            }
        }
    }
}
