package dev.bridle.cli;

import dev.bridle.event.RunEvent;

/** Formats events as the lines of a printed timeline. */
final class Timeline {

    private Timeline() {}

    static String line(RunEvent e) {
        String where = e.node() == null ? "" : e.node();
        return String.format("%5d  step %-4d %-18s %-12s %s", e.seq(), e.step(), e.kind(), where, e.summary());
    }
}
