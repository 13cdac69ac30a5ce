package dev.bridle.policy;

/** Where the editor draws a node; it has no effect on a run. */
public record Position(double x, double y) {}
