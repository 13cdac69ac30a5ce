package dev.bridle.guard;

/** One rule that watches a run. Each kind of guard is one small class behind this interface. */
public interface Guard {

    /** The id from the harness; every verdict names it. */
    String id();

    /** Called after every completed step. */
    Verdict afterStep(RunProgress progress);
}
