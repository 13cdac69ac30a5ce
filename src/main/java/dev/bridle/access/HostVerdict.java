package dev.bridle.access;

import java.net.InetAddress;
import java.util.List;

/** Whether an HTTP tool may connect to a URL's host. */
public sealed interface HostVerdict permits HostVerdict.Allowed, HostVerdict.Refused {

    /**
     * The host may be reached.
     *
     * @param host the canonical host name
     * @param addresses what the host resolved to when it was checked
     */
    record Allowed(String host, List<InetAddress> addresses) implements HostVerdict {
        public Allowed {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The host may not be reached.
     *
     * @param reason why, in words fit for a tool error
     */
    record Refused(String reason) implements HostVerdict {}
}
