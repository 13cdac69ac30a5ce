package dev.bridle.access;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides allow, ask or deny for a tool call from a harness's permission rules.
 *
 * <p><b>Matching.</b> A rule matches a request when every part it gives matches, checked in this order: the tool
 * glob ({@link Glob#name}; for a call to a tool that runs commands it may also name the program, {@code shell:git},
 * {@code run_terminal_cmd:git}), the agent list (empty
 * means every agent), the path globs ({@link Glob#path}, against the path after {@link WorkspacePath} normalisation,
 * so {@code src/../secrets} is matched as {@code secrets}; a rule with paths never matches a call that names no
 * path), the host globs ({@link Glob#host}, against the canonical {@code host[:port]} of {@link HostPort}, where a
 * glob without a port matches the default port only), and last the {@code when} condition,
 * evaluated by the injected {@link ArgumentCondition} only when everything else matched.
 *
 * <p><b>Precedence.</b> Among the matching rules, <em>deny beats ask, and ask beats allow</em>, whatever their order
 * in the document; the deciding rule is the first rule in document order with the winning effect. When no rule
 * matches, the {@link Permissions#defaultEffect() default} decides, named {@value Decision#DEFAULT}.
 *
 * <p><b>Failing closed.</b> A rule whose condition throws, or that has a condition when no evaluator was given,
 * counts as a matching <em>deny</em>, whatever its own effect, and the explanation says so. A path refused by
 * {@link WorkspacePath}, a host name that cannot be canonical, and a shell command line that {@link ShellCommand}
 * refuses are denied before any rule is considered, and so is a call whose declared argument is missing or is not
 * text ({@value Decision#TOOL_ARGUMENTS}). Wrappers such as {@code env} or {@code sh} pass the shell
 * analysis only when an allow or ask rule names them literally ({@code shell:env}).
 *
 * <p>Instances are immutable and thread-safe; globs are compiled once, in {@link #of}.
 */
public final class PermissionCheck {

    private static final ArgumentCondition NO_EVALUATOR = (rule, request) -> {
        throw new IllegalStateException("no condition evaluator");
    };

    private final Permissions permissions;
    private final List<CompiledRule> rules;
    private final ArgumentCondition condition;
    private final Map<String, Set<String>> namedCommands;

    private PermissionCheck(Permissions permissions, ArgumentCondition condition) {
        this.permissions = permissions;
        this.rules = permissions.rules().stream().map(CompiledRule::of).toList();
        this.condition = condition;
        // Keyed by tool: a rule naming `run_terminal_cmd:env` lets that tool run env, not the shell tool.
        Map<String, Set<String>> named = new TreeMap<>();
        for (PermissionRule rule : permissions.rules()) {
            String tool = rule.tool();
            int colon = tool.indexOf(':');
            if (rule.effect() != Effect.DENY && colon > 0 && tool.indexOf('*') < 0 && tool.indexOf('?') < 0) {
                named.computeIfAbsent(tool.substring(0, colon), t -> new TreeSet<>()).add(tool.substring(colon + 1));
            }
        }
        named.replaceAll((tool, programs) -> Collections.unmodifiableSet(programs));
        this.namedCommands = Collections.unmodifiableMap(named);
    }

    /** A check with no condition evaluator: every rule with a {@code when} condition fails closed. */
    public static PermissionCheck of(Permissions permissions) {
        return new PermissionCheck(permissions, NO_EVALUATOR);
    }

    /** A check that evaluates {@code when} conditions with the given evaluator. */
    public static PermissionCheck of(Permissions permissions, ArgumentCondition condition) {
        return new PermissionCheck(permissions, Objects.requireNonNull(condition, "condition"));
    }

    /** The permissions this check was made from. */
    public Permissions permissions() {
        return permissions;
    }

    /** The programs that allow or ask rules name literally for the shell tool ({@code shell:NAME}), sorted. */
    public Set<String> namedCommands() {
        return namedCommands(AccessRequest.SHELL);
    }

    /** The programs that allow or ask rules name literally for {@code tool} ({@code TOOL:NAME}), sorted. */
    public Set<String> namedCommands(String tool) {
        return namedCommands.getOrDefault(tool, Set.of());
    }

    /** Decides one request. */
    public Decision check(AccessRequest request) {
        Subject subject = subject(request);
        if (subject.refusal != null) {
            return subject.refusal;
        }
        Effect best = null;
        CompiledRule decider = null;
        boolean failed = false;
        for (CompiledRule rule : rules) {
            RuleOutcome.Status status = evaluate(rule, request, subject, null);
            if (status != RuleOutcome.Status.MATCHED && status != RuleOutcome.Status.CONDITION_FAILED) {
                continue;
            }
            Effect effect = status == RuleOutcome.Status.CONDITION_FAILED ? Effect.DENY : rule.rule().effect();
            if (best == null || effect.compareTo(best) > 0) {
                best = effect;
                decider = rule;
                failed = status == RuleOutcome.Status.CONDITION_FAILED;
                if (effect == Effect.DENY) {
                    break;
                }
            }
        }
        if (decider == null) {
            return new Decision(permissions.defaultEffect(), Decision.DEFAULT, "no rule matched");
        }
        return new Decision(best, decider.rule().id(), failed ? "condition failed, fail closed" : "rule matched");
    }

    /**
     * The first allow rule that matches the request (tool, agent, paths, hosts and condition) and names its host and
     * port literally, with no wildcard ({@code 127.0.0.1:8080}, not {@code *}): the only kind of rule that lets an HTTP
     * tool reach a loopback or private address. Empty when the request names no usable host or no such rule matches.
     */
    public Optional<String> literalHostRule(AccessRequest request) {
        Subject subject = subject(request);
        if (subject.refusal != null || subject.host == null) {
            return Optional.empty();
        }
        for (CompiledRule rule : rules) {
            if (rule.rule().effect() == Effect.ALLOW && rule.namesHostLiterally(subject.host)
                    && evaluate(rule, request, subject, null) == RuleOutcome.Status.MATCHED) {
                return Optional.of(rule.rule().id());
            }
        }
        return Optional.empty();
    }

    /** Decides one request and says why, considering every rule. */
    public Explanation explain(AccessRequest request) {
        Subject subject = subject(request);
        if (subject.refusal != null) {
            return new Explanation(request, "", "", "", subject.refusal, List.of());
        }
        List<RuleOutcome> outcomes = new ArrayList<>(rules.size());
        RuleOutcome decider = null;
        for (CompiledRule rule : rules) {
            String[] detail = {""};
            RuleOutcome.Status status = evaluate(rule, request, subject, detail);
            RuleOutcome outcome = new RuleOutcome(rule.rule().id(), rule.rule().effect(), status, detail[0]);
            outcomes.add(outcome);
            if (outcome.counts() && (decider == null || outcome.contributes().compareTo(decider.contributes()) > 0)) {
                decider = outcome;
            }
        }
        Decision decision = decider == null
                ? new Decision(permissions.defaultEffect(), Decision.DEFAULT, "no rule matched")
                : new Decision(decider.contributes(), decider.rule(),
                        decider.status() == RuleOutcome.Status.CONDITION_FAILED
                                ? "condition failed, fail closed"
                                : "rule matched");
        return new Explanation(request, text(subject.path), text(subject.host), text(subject.program), decision,
                outcomes);
    }

    private RuleOutcome.Status evaluate(CompiledRule rule, AccessRequest request, Subject subject, String[] detail) {
        if (!rule.matchesTool(request.tool(), subject.qualified, subject.qualifiedBase)) {
            note(detail, subject.qualified == null ? request.tool() : subject.qualified);
            return RuleOutcome.Status.TOOL_DIFFERS;
        }
        if (!rule.matchesAgent(request.agent())) {
            note(detail, request.agent());
            return RuleOutcome.Status.AGENT_DIFFERS;
        }
        if (!rule.paths().isEmpty() && (subject.path == null || !CompiledRule.any(rule.paths(), subject.path))) {
            note(detail, subject.path == null ? "the call names no path" : subject.path);
            return RuleOutcome.Status.PATH_DIFFERS;
        }
        if (!rule.hosts().isEmpty() && (subject.host == null || !CompiledRule.any(rule.hosts(), subject.host))) {
            note(detail, subject.host == null ? "the call names no host" : subject.host);
            return RuleOutcome.Status.HOST_DIFFERS;
        }
        String when = rule.rule().when();
        if (when == null) {
            return RuleOutcome.Status.MATCHED;
        }
        try {
            if (condition.test(rule.rule(), request)) {
                return RuleOutcome.Status.MATCHED;
            }
            note(detail, when);
            return RuleOutcome.Status.CONDITION_FALSE;
        } catch (Exception | StackOverflowError e) {
            note(detail, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return RuleOutcome.Status.CONDITION_FAILED;
        }
    }

    private static void note(String[] detail, String text) {
        if (detail != null) {
            detail[0] = text;
        }
    }

    private Subject subject(AccessRequest request) {
        if (request.unusable().isPresent()) {
            return Subject.refused(new Decision(Effect.DENY, Decision.TOOL_ARGUMENTS, request.unusable().get()));
        }
        String path = null;
        if (request.path().isPresent()) {
            PathCheck checked = WorkspacePath.normalise(request.path().get());
            switch (checked) {
                case PathCheck.Inside inside -> path = inside.relative();
                case PathCheck.Refused refused -> {
                    return Subject.refused(new Decision(
                            Effect.DENY, Decision.PATH_SCOPE, "path refused: " + refused.reason()));
                }
            }
        }
        String host = null;
        if (request.host().isPresent()) {
            Optional<String> canonical = HostNames.canonical(request.host().get());
            if (canonical.isEmpty()) {
                return Subject.refused(new Decision(Effect.DENY, Decision.HOST_NAME,
                        "host name unusable (an http or https URL with a plain host[:port] and no user@ is needed)"));
            }
            host = canonical.get();
        }
        String program = null;
        if (request.command().isPresent()) {
            switch (ShellCommand.parse(request.command().get(), namedCommands(request.tool()))) {
                case ShellCommand.Simple simple -> program = simple.program();
                case ShellCommand.Refused refused -> {
                    return Subject.refused(new Decision(
                            Effect.DENY, Decision.SHELL, "command refused: " + refused.reason()));
                }
            }
        }
        if (program == null) {
            return new Subject(path, host, null, null, null, null);
        }
        String base = ShellCommand.baseName(program);
        String qualified = request.tool() + ":" + program;
        return new Subject(path, host, program, qualified,
                base.equals(program) ? null : request.tool() + ":" + base, null);
    }

    /** The request's resources in the form rules are matched against, or the refusal that ends the check. */
    private record Subject(
            String path, String host, String program, String qualified, String qualifiedBase, Decision refusal) {
        static Subject refused(Decision refusal) {
            return new Subject(null, null, null, null, null, refusal);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
