package dev.bridle.guard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What guards may look at: the run's counters and the last step. The engine provides it; guards never change it.
 */
public interface StepFacts {

    /** Completed steps of the run (model turns with their tool calls). */
    int steps();

    /** Completed steps of one agent. */
    int steps(String agent);

    /** Agent turns started in the run (visits of agent nodes). */
    int turns();

    int turns(String agent);

    /** Tokens spent so far (in and out). */
    long tokensTotal();

    long tokensTotal(String agent);

    /** Input and output tokens spent so far, for cost. */
    long tokensIn();

    long tokensOut();

    /** Tokens of the context about to be sent (before a model call) or last sent (after a step). */
    int contextTokens();

    /** Time since the run started, by the run's clock. */
    Duration elapsed();

    /** The agent whose step it is. */
    String agent();

    /** The actions of the last step, each the tool and its canonical arguments, in order. */
    List<String> lastActions();

    /** Whether the last reply was empty: no text and no tool call. */
    boolean lastReplyEmpty();

    /** A digest of the run's variables and the files it wrote; unchanged digest means no progress. */
    long stateDigest();

    /** The run state as CEL variables (see {@code RunStateType}). */
    Map<String, Object> activation();
}
