package dev.bridle.access;

import java.util.List;

/**
 * Why the permission check decided as it did: the decision and every rule considered, in document order.
 *
 * @param request the request as given
 * @param path the normalised path the rules were matched against, or empty when there was none
 * @param host the canonical host the rules were matched against, or empty
 * @param program the shell program the rules were matched against, or empty
 * @param decision the decision
 * @param rules one outcome per rule, in document order; empty when the request was refused before any rule
 */
public record Explanation(
        AccessRequest request, String path, String host, String program, Decision decision, List<RuleOutcome> rules) {

    public Explanation {
        rules = List.copyOf(rules);
    }

    /**
     * A stable plain-text rendering, one line per item, for golden files and {@code bridle explain}. Values are
     * double-quoted with {@code "}, {@code \} and control characters escaped, so one item is always one line:
     *
     * <pre>
     * request: agent="coder" tool="fs.read" path="src/../secrets/key"
     * matched as: path="secrets/key"
     * decision: deny by no-secrets (rule matched)
     * rule read-all allow: matched
     * rule no-secrets deny: matched
     * rule shell-ask ask: tool did not match (fs.read)
     * </pre>
     *
     * The {@code matched as} line appears when the request names a resource and it was not refused.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("request: agent=").append(quote(request.agent())).append(" tool=").append(quote(request.tool()));
        request.path().ifPresent(p -> out.append(" path=").append(quote(p)));
        request.host().ifPresent(h -> out.append(" host=").append(quote(h)));
        request.command().ifPresent(c -> out.append(" command=").append(quote(c)));
        out.append('\n');
        if (!path.isEmpty() || !host.isEmpty() || !program.isEmpty()) {
            out.append("matched as:");
            if (!path.isEmpty()) {
                out.append(" path=").append(quote(path));
            }
            if (!host.isEmpty()) {
                out.append(" host=").append(quote(host));
            }
            if (!program.isEmpty()) {
                out.append(" program=").append(quote(program));
            }
            out.append('\n');
        }
        out.append("decision: ").append(decision.effect().word()).append(" by ").append(decision.rule())
                .append(" (").append(oneLine(decision.reason())).append(")\n");
        for (RuleOutcome outcome : rules) {
            out.append("rule ").append(outcome.rule()).append(' ').append(outcome.effect().word()).append(": ")
                    .append(outcome.status().words());
            if (!outcome.detail().isEmpty()) {
                out.append(" (").append(oneLine(outcome.detail())).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String quote(String value) {
        return '"' + oneLine(value).replace("\"", "\\\"") + '"';
    }

    private static String oneLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
