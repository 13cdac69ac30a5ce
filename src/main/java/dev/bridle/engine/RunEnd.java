package dev.bridle.engine;

/** Unwinds the run loop once {@code run.ended} has been emitted; carries the result. Never leaves the engine. */
final class RunEnd extends RuntimeException {
    final RunResult result;

    RunEnd(RunResult result) {
        super(null, null, false, false);
        this.result = result;
    }
}
