package dev.bridle.guard;

/** What guards may look at after a step. The engine provides it; guards never change it. */
public interface RunProgress {

    /** Completed steps: model turns with their tool calls. */
    int steps();
}
