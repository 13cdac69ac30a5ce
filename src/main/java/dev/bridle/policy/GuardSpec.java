package dev.bridle.policy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The declaration of a guard in a harness. Each kind of guard has its own record; every guard has an id that its
 * verdicts name, an optional agent it is limited to, and the stages it responds in when it triggers again and again.
 */
public sealed interface GuardSpec
        permits GuardSpec.Steps,
                GuardSpec.Turns,
                GuardSpec.Deadline,
                GuardSpec.Tokens,
                GuardSpec.Cost,
                GuardSpec.Loop,
                GuardSpec.NoProgress,
                GuardSpec.Stall,
                GuardSpec.Complete,
                GuardSpec.Custom {

    /** The id that every verdict of this guard names. */
    String id();

    /** The agent this guard watches; empty means the whole run. */
    Optional<String> agent();

    /** What to do on the first, second, … trigger; the last stage repeats. */
    List<Stage> stages();

    /** The word used in documents for this kind. */
    String kind();

    /** A short description of the limit, as it appears in stop messages: {@code steps.max=40}. */
    String describe();

    /** A response to a trigger. */
    enum Stage {
        /** Record a warning and go on. */
        WARN,
        /** Tell the agent (a message in its context) and go on. */
        NUDGE,
        /** Refuse the action at hand and go on. */
        DENY,
        /** Pause for a human; approval goes on, rejection stops. */
        ASK,
        /** Pause for a human, as ask, for a guard that has given up. */
        ESCALATE,
        /** End the run as stopped. */
        STOP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    List<Stage> STOP_ONLY = List.of(Stage.STOP);

    /** At most {@code max} steps; a step is one model turn with its tool calls. */
    record Steps(String id, int max, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        public Steps(String id, int max) {
            this(id, max, Optional.empty(), STOP_ONLY);
        }

        @Override
        public String kind() {
            return "steps";
        }

        @Override
        public String describe() {
            return "steps.max=" + max;
        }
    }

    /** At most {@code max} agent turns (visits of agent nodes). */
    record Turns(String id, int max, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "turns";
        }

        @Override
        public String describe() {
            return "turns.max=" + max;
        }
    }

    /** The run must end within {@code limit} of its start, by the run's clock. */
    record Deadline(String id, Duration limit, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "deadline";
        }

        @Override
        public String describe() {
            return "deadline=" + Durations.format(limit);
        }
    }

    /** Token budgets: the context sent in one request, and the total spent. Zero means unchecked. */
    record Tokens(String id, int context, long total, Optional<String> agent, List<Stage> stages)
            implements GuardSpec {
        @Override
        public String kind() {
            return "tokens";
        }

        @Override
        public String describe() {
            return (context > 0 ? "tokens.context=" + context : "")
                    + (context > 0 && total > 0 ? ", " : "")
                    + (total > 0 ? "tokens.total=" + total : "");
        }
    }

    /** A cost budget in currency units, from prices per million tokens. */
    record Cost(String id, double max, double inputPerMillion, double outputPerMillion, Optional<String> agent,
            List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "cost";
        }

        @Override
        public String describe() {
            return "cost.max=" + max;
        }
    }

    /**
     * Loop detection: the same action (tool and canonical arguments) {@code repeats} times within the last
     * {@code window} actions, or a cycle of 2 to {@code period} actions (A-B-A-B, A-B-C-A-B-C) repeated
     * {@code cycles} times in a row.
     */
    record Loop(String id, int window, int repeats, int period, int cycles, Optional<String> agent,
            List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "loop";
        }

        @Override
        public String describe() {
            return "loop.window=" + window + ", loop.repeats=" + repeats
                    + (period > 1 ? ", loop.period=" + period + ", loop.cycles=" + cycles : "");
        }
    }

    /** No progress: the state digest (variables and files written) is unchanged for {@code steps} steps. */
    record NoProgress(String id, int steps, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "noProgress";
        }

        @Override
        public String describe() {
            return "noProgress.steps=" + steps;
        }
    }

    /** Stall: {@code after} answers in a row that are empty or take no action; {@code nudge} is told to the agent. */
    record Stall(String id, int after, String nudge, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "stall";
        }

        @Override
        public String describe() {
            return "stall.after=" + after;
        }
    }

    /** Completion criterion: once the condition holds after a step, the run ends as completed. */
    record Complete(String id, String when, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "complete";
        }

        @Override
        public String describe() {
            return "complete: " + when;
        }
    }

    /** A custom rule checked before every tool call: when the condition holds, respond with the stages. */
    record Custom(String id, String when, Optional<String> agent, List<Stage> stages) implements GuardSpec {
        @Override
        public String kind() {
            return "when";
        }

        @Override
        public String describe() {
            return "when: " + when;
        }
    }
}
