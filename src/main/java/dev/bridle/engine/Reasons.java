package dev.bridle.engine;

import dev.bridle.guard.Verdict;
import dev.bridle.model.ToolCall;

/**
 * The words of every decision a step takes: questions, refusals and reasons for ending a run. The engine and the
 * embeddable runtime both take them from here, so a decision reads the same wherever it was taken.
 */
public final class Reasons {

    private Reasons() {}

    /** Why a run stops when a guard says stop. */
    public static String stopped(Verdict.Triggered t) {
        return "guard '" + t.guard() + "' (" + t.detail() + ")";
    }

    /** Why a run completes when a completion criterion holds. */
    public static String completed(Verdict.Triggered t) {
        return "completion criterion '" + t.guard() + "' holds";
    }

    /** The question a guard that asks or escalates puts to a human, between steps. */
    public static String mayGoOn(Verdict.Triggered t) {
        return "guard '" + t.guard() + "' (" + t.detail() + ") asks whether the run may go on";
    }

    /** Why a run stops when the human says no to a guard's question. */
    public static String rejected(Verdict.Triggered t) {
        return "guard '" + t.guard() + "' (" + t.detail() + "), and the " + t.action().word() + " was rejected";
    }

    /** The question of a permission rule whose effect is ask. */
    public static String permissionQuestion(String rule, String agent, String resource) {
        return "rule '" + rule + "' asks: may " + agent + " " + resource + "?";
    }

    /** The question of a custom rule (a guard) that asks before a tool call. */
    public static String toolGuardQuestion(String guard, String agent, ToolCall call) {
        return "guard '" + guard + "' asks: may " + agent + " call " + call + "?";
    }

    /** What the agent is told when a permission rule denies its call. */
    public static String deniedByRule(String rule, String resource) {
        return "denied by rule '" + rule + "': " + resource;
    }

    /** What the agent is told when the human says no to a permission rule's question. */
    public static String approvalRefused(String rule, String resource) {
        return "denied: approval for " + resource + " was refused (rule '" + rule + "')";
    }

    /** What the agent is told when the human says no to a guard's question about its call. */
    public static String guardApprovalRefused(String guard) {
        return "denied: approval refused (guard '" + guard + "')";
    }

    /** What the agent is told when a custom rule denies its call. */
    public static String deniedByGuard(Verdict.Triggered t) {
        return "denied by guard '" + t.guard() + "' (" + t.detail() + ")";
    }

    /** What the agent is told when another agent holds the resource it writes. */
    public static String locked(String path, String holder) {
        return "refused: " + path + " is locked by agent '" + holder + "' (coordination.locks)";
    }
}
