package dev.bridle.engine;

/** Unwinds an agent turn after a rollback; the strand resumes at {@code next}. Never leaves the engine. */
final class RolledBack extends RuntimeException {
    final String next;

    RolledBack(String next) {
        super(null, null, false, false);
        this.next = next;
    }
}
