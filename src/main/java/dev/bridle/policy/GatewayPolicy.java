package dev.bridle.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@code bridle gateway} acts on live traffic ({@code gateway:} in the harness): what the client sees of a tool
 * call the harness denied, and how long an {@code ask} waits for a human before it counts as a rejection.
 *
 * @param deniedCall what happens to a denied tool call in the model's response
 * @param approvalTimeout how long a held response waits for an answer; no answer by then is a rejection
 */
public record GatewayPolicy(DeniedCall deniedCall, Duration approvalTimeout) {

    /** The default wait for an approval: five minutes. */
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(5);

    /** Denied calls are removed, approvals wait five minutes. */
    public static final GatewayPolicy DEFAULT = new GatewayPolicy(DeniedCall.REMOVE, DEFAULT_APPROVAL_TIMEOUT);

    public GatewayPolicy {
        Objects.requireNonNull(deniedCall, "deniedCall");
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
        if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
            throw new IllegalArgumentException("gateway.approval-timeout must be positive");
        }
    }

    /** What the client sees of a tool call the harness denied. */
    public enum DeniedCall {
        /** The call is taken out of the response and a refusal text put in its place, which the model sees next turn. */
        REMOVE,
        /** The whole response is replaced by an assistant message that gives the refusal. */
        REFUSE,
        /** The client gets an error status naming the rule. */
        ERROR;

        /** The word in the document: {@code remove}, {@code refuse}, {@code error}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The value for {@code word}, or an exception that lists the words. */
        public static DeniedCall of(String word) {
            for (DeniedCall d : values()) {
                if (d.word().equals(word)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("gateway.denied-call '" + word + "' is not one of remove, refuse, error");
        }
    }
}
