package dev.bridle.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address rule of HTTP tools, named {@value #RULE}: the host of a request that the permission rules allowed is
 * resolved, and the request is refused when any of its addresses is loopback, private, link-local or otherwise special
 * ({@link AddressRanges}: 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16, 0/8, 100.64/10, ::1, ::, fc00::/7,
 * fe80::/10, multicast, and IPv4 mapped or embedded in IPv6), unless an allow rule that matches the request names the
 * host and port literally ({@link PermissionCheck#literalHostRule}); a glob such as {@code *} or {@code *.corp} is not
 * enough. This holds for every way of writing an address ({@link HostPort} reads them all as the resolver would) and
 * for names that resolve to such addresses ({@code localhost}, or any name an attacker's DNS points at 127.0.0.1).
 *
 * <p>A literal name lets its addresses be private because the rule's author named that very host: to allow an
 * intranet host by name is to trust its DNS. To trust less, name the IP address instead.
 *
 * <p>The verdict carries the addresses that were checked. The HTTP tool connects to those and no others (see
 * {@code dev.bridle.tool.AddressPins}), so DNS rebinding between check and connect does not work.
 */
public final class HostCheck {

    /** The rule id of a refusal by the address check. */
    public static final String RULE = "http-address";

    /** Resolves a host name to its addresses; the JDK resolver by default, a fake one in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    private HostCheck(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A check that resolves through {@link InetAddress#getAllByName}, the same path (and cache) the HTTP client takes
     * when it connects.
     */
    public static HostCheck system() {
        return new HostCheck(InetAddress::getAllByName);
    }

    /** A check with the given resolver. */
    public static HostCheck of(Resolver resolver) {
        return new HostCheck(resolver);
    }

    /**
     * Resolves and checks a host.
     *
     * @param target the canonical host and port
     * @param literalRule the allow rule that names the host and port literally, if one matched the request
     */
    public HostVerdict check(HostPort target, Optional<String> literalRule) {
        String host = target.host();
        List<InetAddress> addresses;
        if (target.isAddress()) {
            // an address is checked as it is: no resolver is asked, and none will be when connecting
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            addresses = List.of(InetAddress.ofLiteral(literal));
        } else {
            try {
                InetAddress[] answer = resolver.resolve(host);
                addresses = answer == null ? List.of() : List.of(answer);
            } catch (UnknownHostException | RuntimeException e) {
                return new HostVerdict.Refused(RULE, "host " + host + " does not resolve");
            }
            if (addresses.isEmpty()) {
                return new HostVerdict.Refused(RULE, "host " + host + " does not resolve");
            }
        }
        for (InetAddress address : addresses) {
            Optional<String> range = AddressRanges.special(address);
            if (range.isPresent() && literalRule.isEmpty()) {
                String at = target.isAddress() ? "" : " resolves to " + address.getHostAddress() + ", which";
                return new HostVerdict.Refused(RULE, target + at + " is " + range.get()
                        + "; only an allow rule naming \"" + target + "\" literally may reach it");
            }
        }
        boolean special = addresses.stream().anyMatch(a -> AddressRanges.special(a).isPresent());
        return new HostVerdict.Allowed(host, addresses, special ? literalRule : Optional.empty());
    }
}
