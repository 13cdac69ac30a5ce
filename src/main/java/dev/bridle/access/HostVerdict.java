package dev.bridle.access;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Whether an HTTP tool may connect to a host, and to which addresses. */
public sealed interface HostVerdict permits HostVerdict.Allowed, HostVerdict.Refused {

    /**
     * The host may be reached, at these addresses and no others.
     *
     * @param host the canonical host, without its port
     * @param addresses what the host resolved to when it was checked; the only addresses a connection may use
     * @param privateBy the rule that named the host literally when an address is loopback or private, else empty
     */
    record Allowed(String host, List<InetAddress> addresses, Optional<String> privateBy) implements HostVerdict {
        public Allowed {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The host may not be reached.
     *
     * @param rule the rule that refused it, {@value HostCheck#RULE}
     * @param reason why, in words fit for a tool error
     */
    record Refused(String rule, String reason) implements HostVerdict {}
}
