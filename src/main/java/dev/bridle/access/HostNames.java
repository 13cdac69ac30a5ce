package dev.bridle.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Host names in the one form rules and checks compare: {@link HostPort}'s canonical {@code host[:port]} text, lower
 * case, IDNA, no trailing dot, IPv4 in dotted decimal and IPv6 in brackets.
 */
public final class HostNames {

    private HostNames() {}

    /** Lower-cases a host or host glob the way {@link Glob#host} compares them. */
    public static String lower(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical form of a host, with its port when one is given ({@code Docs.Example.COM.} is
     * {@code docs.example.com}, {@code 0x7f.1:8080} is {@code 127.0.0.1:8080}, {@code ::1} is {@code [::1]}), or empty
     * when it cannot be one ({@link HostPort#parse}).
     */
    public static Optional<String> canonical(String host) {
        return HostPort.parse(host).map(HostPort::toString);
    }
}
